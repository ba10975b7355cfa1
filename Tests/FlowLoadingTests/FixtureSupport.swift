import FlowModel
import Foundation
import Testing

@testable import FlowLoading

/// Where the fixtures are, and how a fixture says what lint must report about it.
///
/// A bad fixture ends with one line per expected diagnostic:
/// `# expect: FM201 15:11 is not a state of this flow`: the rule code, the line and
/// column, and text the message must contain. Lint must report exactly these, no more.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let flows = root.appendingPathComponent("flows")
    static let libraries = root.appendingPathComponent("libraries")

    struct Expectation: Hashable, CustomStringConvertible {
        var file: String
        var code: String
        var line: Int
        var column: Int
        var text: String

        var description: String { "\(file):\(line):\(column) \(code) ~ \(text)" }

        func matches(_ diagnostic: Diagnostic) -> Bool {
            diagnostic.rule.code == code && diagnostic.location.line == line && diagnostic.location.column == column
                && diagnostic.message.contains(text)
                && URL(fileURLWithPath: diagnostic.location.file).lastPathComponent == file
        }
    }

    /// The `# expect:` lines of a file.
    static func expectations(in url: URL) throws -> [Expectation] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> Expectation? in
            guard line.hasPrefix("# expect: ") else { return nil }
            let parts = line.dropFirst("# expect: ".count).split(separator: " ", maxSplits: 2)
            guard parts.count == 3 else { return nil }
            let position = parts[1].split(separator: ":")
            guard position.count == 2, let line = Int(position[0]), let column = Int(position[1]) else { return nil }
            return Expectation(
                file: url.lastPathComponent, code: String(parts[0]), line: line, column: column, text: String(parts[2]))
        }
    }

    /// Names of the flow-level rule fixtures: `FM201-undefined-target` for the pair
    /// `FM201-undefined-target.bad.yaml` / `.fixed.yaml`.
    static var flowFixtureNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: flows.path)) ?? []
        return files.filter { $0.hasSuffix(".bad.yaml") }.map { String($0.dropLast(".bad.yaml".count)) }.sorted()
    }

    /// Names of the library-level fixtures: folders holding `bad/` and `fixed/` libraries.
    static var libraryFixtureNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: libraries.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The map the flow-level fixtures are checked against.
    static let flowMap: FlowMap? = FlowFileLoader.loadFlowMap(path: flows.appendingPathComponent("flowmap.yaml").path).value

    /// Lints one flow file against the fixture map, with every per-flow rule.
    static func lintFlow(_ url: URL) throws -> [Diagnostic] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return FlowLibrary.load(flowText: text, path: url.path, flowMap: flowMap).diagnostics
    }

    /// Every expectation met, and nothing else reported.
    static func check(_ diagnostics: [Diagnostic], against expectations: [Expectation], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(!expectations.isEmpty, "a bad fixture must say what it expects", sourceLocation: sourceLocation)
        for expectation in expectations {
            #expect(
                diagnostics.contains(where: expectation.matches), "missing \(expectation)\nactual:\n\(render(diagnostics))",
                sourceLocation: sourceLocation)
        }
        for diagnostic in diagnostics where !expectations.contains(where: { $0.matches(diagnostic) }) {
            Issue.record("unexpected \(diagnostic.formatted)", sourceLocation: sourceLocation)
        }
    }

    static func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(\.formatted).joined(separator: "\n")
    }
}
