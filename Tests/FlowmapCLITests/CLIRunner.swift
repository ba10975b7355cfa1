import FlowmapTestSupport
import Foundation

/// Runs the real `flowmap` binary built beside the test bundle (see `FlowmapBinary`).
struct CLIRunner {
    typealias Result = FlowmapRun

    /// The repository root, where `Flows/` and `Schemas/` are.
    static let root = FlowmapBinary.repositoryRoot

    static var binary: URL { FlowmapBinary.url }

    static func run(_ arguments: [String], in directory: URL = root) async throws -> Result {
        try await FlowmapBinary.run(arguments, in: directory)
    }

    /// Runs it with `input` on its standard input (not a terminal), as a script piped into
    /// `flowmap walk`.
    static func run(_ arguments: [String], input: String, in directory: URL = root) async throws -> Result {
        try await FlowmapBinary.run(arguments, in: directory, input: input)
    }
}
