import Foundation
import Subprocess
import Synchronization
import SystemPackage

/// What a finished run of a program gave back.
public struct FlowmapRun: Sendable {
    /// The exit status; 128 + the signal's number when a signal ended it, as a shell says.
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Programs that tests start, through swift-subprocess rather than Foundation's `Process`:
/// on Linux `Process.run` reads `/proc/self/fd` entries past their end and crashes now and
/// then when the test process has many descriptors open (swift-corelibs-foundation#5472;
/// seen in CI as a SIGSEGV in a memmove of the name "1357").
public enum ChildProcess {
    /// At most this much of a child's standard output or error is kept (256 MiB).
    public static let outputLimit = 1 << 28

    /// Runs `executable` to its end with `input` on its standard input (none: an empty one)
    /// and returns its status and what it wrote. Both outputs are read as they come, so a
    /// child that writes much never stalls on a full pipe.
    public static func run(
        _ executable: URL, arguments: [String], in directory: URL? = nil, input: String? = nil,
        environment: [String: String]? = nil
    ) async throws -> FlowmapRun {
        let result = try await Subprocess.run(
            .path(FilePath(executable.path)), arguments: Arguments(arguments),
            environment: environment.map(Self.environment) ?? .inherit,
            workingDirectory: directory.map { FilePath($0.path) },
            input: .string(input ?? ""),
            output: .bytes(limit: outputLimit), error: .bytes(limit: outputLimit))
        return FlowmapRun(
            status: exitStatus(result.terminationStatus),
            stdout: String(decoding: result.standardOutput, as: UTF8.self),
            stderr: String(decoding: result.standardError, as: UTF8.self))
    }

    /// The exit status a shell reports: the exit code, or 128 + the signal's number.
    public static func exitStatus(_ status: TerminationStatus) -> Int32 {
        switch status {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    static func environment(_ values: [String: String]) -> Subprocess.Environment {
        var keyed: [Subprocess.Environment.Key: String] = [:]
        for (name, value) in values {
            if let key = Subprocess.Environment.Key(rawValue: name) { keyed[key] = value }
        }
        return .custom(keyed)
    }
}

/// A program that runs while a test talks to it: its standard output arrives line by line
/// in `lines`, its standard error goes to a file, it can be sent signals, and `exit()`
/// waits for its end.
///
/// ```swift
/// let child = try RunningChild(FlowmapBinary.url, arguments: ["serve", "--port", "0"])
/// for try await line in child.lines where line.contains("listening on") { ... }
/// child.send(.terminate)
/// #expect(try await child.exit() == .exited(0))
/// ```
public final class RunningChild: Sendable {
    /// Its standard output, a line at a time (without the line break). Read once.
    public let lines: AsyncThrowingStream<String, any Error>
    private let signals: AsyncStream<Subprocess.Signal>.Continuation
    private let running = Running()
    private let finished: Task<TerminationStatus, any Error>

    /// Starts `executable`; standard input is empty, standard error is written to
    /// `errorFile` (none: discarded).
    public init(
        _ executable: URL, arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
        errorFile: URL? = nil
    ) throws {
        let (lines, lineSink) = AsyncThrowingStream<String, any Error>.makeStream()
        let (signals, signalSink) = AsyncStream<Subprocess.Signal>.makeStream()
        self.lines = lines
        self.signals = signalSink
        let errorDescriptor = try errorFile.map {
            try FileDescriptor.open(
                FilePath($0.path), .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite, .groupRead])
        }
        let running = self.running
        finished = Task {
            defer { running.value.withLock { $0 = false } }
            let error: FileDescriptorOutput = .fileDescriptor(
                try errorDescriptor ?? FileDescriptor.open("/dev/null", .writeOnly), closeAfterSpawningProcess: true)
            do {
                let result = try await Subprocess.run(
                    .path(FilePath(executable.path)), arguments: Arguments(arguments),
                    environment: environment.map(ChildProcess.environment) ?? .inherit,
                    workingDirectory: directory.map { FilePath($0.path) },
                    input: .none, output: .sequence, error: error
                ) { execution in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            // A signal that comes after its end has nothing to reach.
                            for await signal in signals { try? execution.send(signal: signal) }
                        }
                        for try await line in execution.standardOutput.strings() { lineSink.yield(line) }
                        lineSink.finish()
                        group.cancelAll()
                    }
                }
                return result.terminationStatus
            } catch {
                lineSink.finish(throwing: error)
                throw error
            }
        }
    }

    /// Whether it has not ended yet.
    public var isRunning: Bool { running.value.withLock { $0 } }

    /// Sends `signal` (once it has started; nothing once it has ended).
    public func send(_ signal: Subprocess.Signal) {
        signals.yield(signal)
    }

    /// Waits for its end.
    public func exit() async throws -> TerminationStatus {
        try await finished.value
    }
}

/// Whether a `RunningChild` has not ended yet, shared with the task that waits for it.
private final class Running: Sendable {
    let value = Mutex(true)
}
