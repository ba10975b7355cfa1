import Foundation

/// Monthly reports written one at a time. `ReportWriter` puts a month's folder in place by
/// moving the old one aside; two requests for the same month at once would race on those
/// moves, so the service lets one write at a time (reports are asked for rarely, and each
/// runs on a thread of its own, so the wait holds no thread of the cooperative pool).
final class ReportWriting: Sendable {
    private let lock = NSLock()

    /// Runs `body` when no other report is being written.
    func one<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
