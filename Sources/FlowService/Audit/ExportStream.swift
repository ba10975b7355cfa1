import FlowAudit
import Foundation
import Hummingbird

/// An export streamed to the client while it is written: `LogExport` writes the file on a
/// thread of its own (the scan is CPU-heavy and blocks), into a private temporary folder,
/// and the response body reads the file as it grows. Nothing holds the log in memory;
/// the disk holds the export until the response is done.
///
/// ```swift
/// let stream = try ExportStream.start(.xes, scanner: scanner, segmentsOf: programs)
/// return Response(status: .ok, headers: [.contentType: ExportStream.contentType(.xes)], body: stream.body())
/// ```
///
/// `FlowAudit`'s `ExportOutput` writes to a file or to standard output; the file it writes
/// first (`.<name>.<uuid>.partial`, moved into place when complete) is the one read here.
final class ExportStream: @unchecked Sendable {
    private let folder: URL
    private let reader: FileHandle
    // Guarded by `lock`.
    private let lock = NSLock()
    private var finished = false
    private var failure: (any Error)?

    private init(folder: URL, reader: FileHandle) {
        self.folder = folder
        self.reader = reader
    }

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

    /// Starts the export on a thread of its own.
    static func start(_ format: ExportFormat, scanner: LogScanner, segmentsOf programs: Set<Int32>?) throws -> ExportStream {
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
        let stream = ExportStream(folder: folder, reader: reader)
        let handOver = UncheckedOutput(output: output)
        let thread = Thread {
            var failure: (any Error)?
            do {
                _ = try LogExport.run(format, scanner: scanner, segmentsOf: programs, to: handOver.take())
            } catch {
                failure = error
            }
            // The reader keeps its open file; the name can go.
            try? FileManager.default.removeItem(at: folder)
            stream.finish(failure)
        }
        thread.name = "flowmap export"
        thread.stackSize = 1 << 23
        thread.start()
        return stream
    }

    private func finish(_ failure: (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        finished = true
        self.failure = failure
    }

    private var state: (finished: Bool, failure: (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        return (finished, failure)
    }

    /// The response body: the file's bytes as they are written, until the export is done.
    /// An export that fails after the first bytes ends the body early (the client sees a
    /// truncated chunked transfer, not a complete file).
    func body() -> ResponseBody {
        ResponseBody { [self] writer in
            defer { try? reader.close() }
            while true {
                // Whether the export had finished before this read: then an empty read is the end.
                let (done, failure) = state
                let chunk = try reader.read(upToCount: 1 << 16) ?? Data()
                if !chunk.isEmpty {
                    try await writer.write(ByteBuffer(bytes: chunk))
                    continue
                }
                if done {
                    if let failure { throw failure }
                    break
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            try await writer.finish(nil)
        }
    }
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
