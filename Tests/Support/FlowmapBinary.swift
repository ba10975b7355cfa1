import Foundation

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

    /// Runs `flowmap` with `arguments` in `directory`, `input` on its standard input (none:
    /// an empty one), and waits for it.
    public static func run(_ arguments: [String], in directory: URL? = nil, input: String? = nil) async throws -> FlowmapRun {
        try await ChildProcess.run(url, arguments: arguments, in: directory, input: input)
    }
}
