import ArgumentParser
import FlowLoading
import FlowModel
import Foundation

/// `--library Flows`: where the flow library is, shared by the commands that present it.
struct LibraryOptions: ParsableArguments {
    @Option(name: .long, help: "The flow library: a folder holding flowmap.yaml and the flow files.")
    var library = "Flows"

    func validate() throws {
        guard FileManager.default.fileExists(atPath: library) else {
            throw ValidationError("no such file or folder: \(library)")
        }
    }

    /// The library and its flow map. A library with lint errors is still presented, with a
    /// one-line warning on stderr; one without a flow map cannot be.
    func load() throws -> (library: FlowLibrary, map: FlowMap) {
        let loaded = FlowLibrary.load(paths: [library])
        guard let map = loaded.flowMap else {
            throw CommandFailure("no flow map in '\(library)': the library needs a flowmap.yaml (run flowmap lint \(library))")
        }
        if loaded.errorCount > 0 {
            Standard.error("warning: the library has \(loaded.errorCount) lint error\(loaded.errorCount == 1 ? "" : "s"); run flowmap lint")
        }
        return (loaded, map)
    }
}

/// `--output FILE`: write to a file instead of standard output.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        if let output, output.isEmpty { throw ValidationError("--output needs a file name") }
    }

    func write(_ text: String) throws {
        guard let output else {
            Standard.output(text)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CommandFailure("cannot write \(output): \(error.localizedDescription)")
        }
    }
}

/// A command that cannot do what was asked; printed as `error: ...`, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Writing to the standard streams without adding newlines twice.
enum Standard {
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// A line on standard error.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line.hasSuffix("\n") ? line : line + "\n").utf8))
    }

    /// Runs `body`; a `CommandFailure` becomes `error: ...` on stderr and exit status 1.
    static func failing(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CommandFailure {
            error("error: \(failure.description)")
            throw ExitCode(1)
        }
    }

    /// `failing` for a body that awaits.
    static func failing(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CommandFailure {
            error("error: \(failure.description)")
            throw ExitCode(1)
        }
    }
}
