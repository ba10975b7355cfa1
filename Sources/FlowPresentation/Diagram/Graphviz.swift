import Foundation

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

    /// SVG drawn by `dot -Tsvg`.
    public func svg(fromDOT dot: String) throws(Failure) -> String {
        guard let executable else { throw .notInstalled }
        // Files, not pipes, for input and output: a large graph cannot deadlock on a full pipe.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowmap-dot-\(UUID().uuidString)")
        let input = folder.appendingPathComponent("flow.dot")
        let output = folder.appendingPathComponent("flow.svg")
        let errors = folder.appendingPathComponent("errors.txt")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(dot.utf8).write(to: input)
            try Data().write(to: errors)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["-Tsvg", "-o", output.path, input.path]
            process.standardError = try FileHandle(forWritingTo: errors)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            guard process.terminationStatus == 0 else {
                throw Failure.failed(status: process.terminationStatus, message: message.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return try String(contentsOf: output, encoding: .utf8)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .failed(status: -1, message: "\(error)")
        }
    }
}
