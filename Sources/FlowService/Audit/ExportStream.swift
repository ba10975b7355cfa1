import FlowAudit
import Foundation
import Hummingbird

/// An export streamed to the client while it is written: `LogExport` writes the file on a
/// thread of its own (the scan is CPU-heavy and blocks), into a private temporary folder,
/// and the response body reads the file as it grows. Nothing holds the log in memory;
/// the disk holds the export until the response is done. The thread starts when the body
/// begins: a response never written (its client gone first) starts no scan, and its file
/// goes with it.
///
/// ```swift
/// let stream = try ExportStream.prepare(.xes, scanner: scanner, segmentsOf: programs)
/// return Response(status: .ok, headers: [.contentType: ExportStream.contentType(.xes)], body: stream.body())
/// ```
///
/// The export runs at most `ahead` bytes ahead of what the body has sent: a slow client
/// slows it down rather than filling the disk, and a client that goes away leaves at most
/// that much written after what it was sent.
///
/// `FlowAudit`'s `ExportOutput` writes to a file or to standard output; the file it writes
/// first (`.<name>.<uuid>.partial`, moved into place when complete) is the one read here.
///
/// A client that goes away stops the export: when writing to it fails (its connection
/// closed) or the request's task is cancelled, the body stops the export through its
/// `ExportProgress`, and the scan stops before its next session, its reader threads with
/// it; the partial file is removed, never completed.
final class ExportStream: @unchecked Sendable {
    private let folder: URL
    private let reader: FileHandle
    /// The export's progress: its sessions, and the stop the body pulls.
    let progress: ExportProgress
    /// How far the file may grow beyond what the body has sent, bytes.
    private let ahead: Int
    // Guarded by `lock`.
    private let lock = NSCondition()
    private var sentBytes = 0
    private var finished = false
    private var failure: (any Error)?
    /// Starts the export's thread; taken once, by the body.
    private var launch: (@Sendable (ExportStream) -> Void)?

    private init(folder: URL, reader: FileHandle, progress: ExportProgress, ahead: Int) {
        self.folder = folder
        self.reader = reader
        self.progress = progress
        self.ahead = ahead
    }

    /// How far an export may run ahead of its client unless told: 64 MiB.
    static let defaultAhead = 64 << 20

    /// The content type of each format.
    static func contentType(_ format: ExportFormat) -> String {
        switch format {
        case .xes: "application/xml; charset=utf-8"
        case .ocel: "application/json; charset=utf-8"
        // JSON Lines: one record's object per line.
        case .json: "application/x-ndjson; charset=utf-8"
        case .csv: "text/csv; charset=utf-8; header=present"
        }
    }

    static func fileExtension(_ format: ExportFormat) -> String {
        switch format {
        case .xes: "xes"
        case .ocel: "jsonocel"
        case .csv: "csv"
        case .json: "json"
        }
    }

    /// Prepares the export (its file made, its scanner given) to run on a thread of its own
    /// once the body begins; `metrics` (if any) count it while it runs and each session it
    /// writes.
    static func prepare(
        _ format: ExportFormat, scanner: LogScanner, segmentsOf programs: Set<Int32>?, metrics: ServiceMetrics? = nil,
        ahead: Int = defaultAhead
    ) throws -> ExportStream {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowmap-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let output: ExportOutput
        let reader: FileHandle
        do {
            output = try ExportOutput.file(folder.appendingPathComponent("export.\(fileExtension(format))").path)
            // The only file in the folder: the one being written.
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            guard names.count == 1, let handle = FileHandle(forReadingAtPath: folder.appendingPathComponent(names[0]).path)
            else { throw ExportError.cannotWrite(path: folder.path, reason: "the export's file cannot be read back") }
            reader = handle
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        let throttle = Throttle()
        let progress = ExportProgress {
            metrics?.exportedSession()
            throttle.stream?.waitForClient()
        }
        let stream = ExportStream(folder: folder, reader: reader, progress: progress, ahead: max(ahead, 1 << 16))
        throttle.stream = stream
        let handOver = UncheckedOutput(output: output)
        stream.launch = { stream in
            metrics?.exportStarted()
            let thread = Thread {
                var failure: (any Error)?
                do {
                    _ = try LogExport.run(format, scanner: scanner, segmentsOf: programs, to: handOver.take(), progress: progress)
                } catch {
                    failure = error
                }
                // The reader keeps its open file; the name can go.
                try? FileManager.default.removeItem(at: folder)
                stream.finish(failure)
                metrics?.exportEnded(stopped: progress.isStopped)
            }
            thread.name = "flowmap export"
            thread.stackSize = 1 << 23
            thread.start()
        }
        return stream
    }

    deinit {
        // Never begun: the output (held by `launch`) removes its file as it goes; the folder too.
        if launch != nil {
            try? reader.close()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// Starts the export's thread, the first time only.
    private func begin() {
        let launch = lock.withLock {
            defer { self.launch = nil }
            return self.launch
        }
        launch?(self)
    }

    private func finish(_ failure: (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        finished = true
        self.failure = failure
    }

    /// On the export's thread, after each session: waits while the file is more than
    /// `ahead` bytes beyond what the body has sent, until the body sends more or stops.
    private func waitForClient() {
        var status = stat()
        lock.lock()
        defer { lock.unlock() }
        while !progress.isStopped, fstat(reader.fileDescriptor, &status) == 0, Int(status.st_size) - sentBytes > ahead {
            // Woken when the body sends or ends; the timeout is a safety net.
            _ = lock.wait(until: Date(timeIntervalSinceNow: 1))
        }
    }

    /// The body sent `count` more bytes, or ended (`count` 0): the export may go on.
    private func sent(_ count: Int) {
        lock.lock()
        sentBytes += count
        lock.broadcast()
        lock.unlock()
    }

    private var state: (finished: Bool, failure: (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        return (finished, failure)
    }

    /// The response body: the file's bytes as they are written, until the export is done.
    /// An export that fails after the first bytes ends the body early (the client sees a
    /// truncated chunked transfer, not a complete file). A body that ends for any other
    /// reason than the export's end (the connection closed: `ChannelError.ioOnClosedChannel`
    /// from the writer; the task cancelled: `CancellationError` from the wait) stops the export.
    func body() -> ResponseBody {
        ResponseBody { [self] writer in
            begin()
            var sent = false
            defer {
                if !sent { progress.stop() }
                self.sent(0)
                try? reader.close()
            }
            while true {
                // Whether the export had finished before this read: then an empty read is the end.
                let (done, failure) = state
                let chunk = try reader.read(upToCount: 1 << 16) ?? Data()
                if !chunk.isEmpty {
                    try await writer.write(ByteBuffer(bytes: chunk))
                    self.sent(chunk.count)
                    continue
                }
                if done {
                    if let failure { throw failure }
                    break
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            try await writer.finish(nil)
            sent = true
        }
    }
}

/// The stream an export's progress waits on, set once the stream is made (the progress is
/// made first, for the stream to hold).
private final class Throttle: @unchecked Sendable {
    weak var stream: ExportStream?
}

/// `ExportOutput` is a class that one thread writes; it is handed to that thread once.
private final class UncheckedOutput: @unchecked Sendable {
    private var output: ExportOutput?
    init(output: ExportOutput) { self.output = output }

    func take() -> ExportOutput {
        defer { output = nil }
        return output!
    }
}
