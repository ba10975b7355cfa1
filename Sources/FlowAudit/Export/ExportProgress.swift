import Foundation

/// How far an export has gone, and a way for another thread to stop it.
///
/// ```swift
/// let progress = ExportProgress()
/// // on the export's thread:
/// try LogExport.run(.csv, scanner: scanner, to: output, progress: progress)   // throws ExportError.stopped
/// // elsewhere, when the client has gone:
/// progress.stop()
/// ```
///
/// The export looks at it before each session: once stopped, it writes no further
/// session, its scan's reader threads stop, and its output is not committed (a file is
/// never put in place), so a stopped export costs at most one more session's work.
public final class ExportProgress: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var stopped = false
    private var written = 0
    private let onSession: @Sendable () -> Void

    /// - Parameter onSession: called on the export's thread after each session written
    ///   (a metric's counter, say).
    public init(onSession: @escaping @Sendable () -> Void = {}) {
        self.onSession = onSession
    }

    /// Asks the export to stop before its next session.
    public func stop() {
        lock.withLock { stopped = true }
    }

    public var isStopped: Bool { lock.withLock { stopped } }

    /// Finished sessions written so far.
    public var sessionsWritten: Int { lock.withLock { written } }

    func wrote() {
        lock.withLock { written += 1 }
        onSession()
    }
}
