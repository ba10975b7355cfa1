import Foundation

/// What a run of the `flowmap` binary gave back.
public struct FlowmapRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// The real `flowmap` binary, built beside the test bundle, for tests that run commands as a
/// user would. Shared by every test target that does (FlowmapTestSupport).
public enum FlowmapBinary {
    /// `flowmap` sits in the build folder of the test bundle (or the one above it).
    public static let url: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [bundle, bundle.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("flowmap")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return bundle.appendingPathComponent("flowmap")
    }()

    /// The repository root, where `Flows/` and `Schemas/` are.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    private static let launching = NSLock()

    /// Starts `process`, one launch at a time in the test process (see `run`): every test
    /// that starts a process goes through here.
    public static func launch(_ process: Process) throws {
        try launching.withLock { try process.run() }
    }

    /// Runs `flowmap` with `arguments` in `directory`, `input` on its standard input (none:
    /// an empty one), and waits for it.
    ///
    /// Standard error is read on a thread of its own while standard output is read here, so
    /// a child that writes much to either never stalls on a full pipe.
    public static func run(_ arguments: [String], in directory: URL? = nil, input: String? = nil) throws -> FlowmapRun {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let stdin = Pipe()
        let out = Pipe()
        let err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        // One launch at a time: Foundation's `Process.run` on Linux walks the parent's open
        // descriptors to close them in the child, and with many suites running at once (each
        // with servers and pipes) two launches racing crashed inside it (2 of 8 full runs).
        try launch(process)
        let errors = ErrorReader(err.fileHandleForReading)
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.wait()
        process.waitUntilExit()
        return FlowmapRun(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class ErrorReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
