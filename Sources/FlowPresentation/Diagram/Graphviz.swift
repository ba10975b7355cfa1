import Foundation
import Subprocess
import SystemPackage

/// Runs Graphviz's `dot` to turn DOT text into SVG.
///
/// ```swift
/// let svg = try Graphviz().svg(fromDOT: FlowDiagram(flow: flow).render(.dot))
/// ```
public struct Graphviz: Sendable {
    /// Why no SVG came out.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// `dot` is not on the search path.
        case notInstalled
        /// `dot` ran and failed.
        case failed(status: Int32, message: String)

        public var description: String {
            switch self {
            case .notInstalled:
                "Graphviz's `dot` is not on PATH, so no SVG can be drawn: install graphviz (apt-get install -y graphviz, or brew install graphviz) or use --format dot"
            case .failed(let status, let message):
                "dot -Tsvg failed (exit status \(status))" + (message.isEmpty ? "" : ": \(message)")
            }
        }
    }

    /// Folders searched for `dot`, as in `PATH`.
    public var searchPath: String

    /// Searches `PATH` by default.
    public init(searchPath: String? = nil) {
        self.searchPath = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? ""
    }

    /// The path of the `dot` executable, when there is one.
    public var executable: String? {
        for folder in searchPath.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/dot"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// SVG drawn by `dot -Tsvg` (started through swift-subprocess: Foundation's `Process.run`
    /// crashes now and then on Linux in a process with many descriptors open).
    public func svg(fromDOT dot: String) async throws(Failure) -> String {
        guard let executable else { throw .notInstalled }
        let result: ExecutionResult<Void, StringOutput<UTF8>, StringOutput<UTF8>>
        do {
            // Both outputs are read as they come: a large graph cannot stall on a full pipe.
            result = try await run(
                .path(FilePath(executable)), arguments: ["-Tsvg"], input: .string(dot),
                output: .string(limit: Self.outputLimit), error: .string(limit: 1 << 20))
        } catch {
            throw .failed(status: -1, message: "\(error)")
        }
        guard case .exited(0) = result.terminationStatus else {
            let status: Int32 =
                switch result.terminationStatus {
                case .exited(let code): code
                case .signaled(let signal): 128 + signal
                }
            throw .failed(status: status, message: result.standardError.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result.standardOutput
    }

    /// The most SVG kept (64 MiB): far above any flow's diagram.
    static let outputLimit = 1 << 26
}
