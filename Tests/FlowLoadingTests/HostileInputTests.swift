import FlowModel
import Foundation
import Testing

@testable import FlowLoading

/// Files crafted to hurt a YAML tool get a clear diagnostic, never a crash, a hang or
/// unbounded memory. Each file is written to a real temporary folder and read from disk.
@Suite struct HostileInputTests {
    /// The rules these tests cover, for the rule-coverage test.
    static let coveredRules: Set<String> = ["FM002", "FM003", "FM004", "FM005", "FM008"]

    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowmap-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    private func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    private func only(_ diagnostics: [Diagnostic], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
        #expect(diagnostics.count == 1, "\(Fixtures.render(diagnostics))", sourceLocation: sourceLocation)
        return diagnostics.first
    }

    @Test func aliasBombStopsAtTheBudget() throws {
        // The "billion laughs": nine levels of ten aliases each would be 10^9 nodes.
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let path = try write("bomb.yaml", text)
        let diagnostic = only(FlowFileLoader.loadFlow(path: path).diagnostics)
        #expect(diagnostic?.rule == .aliasExpansion)
        #expect(diagnostic?.message.contains("alias bomb") == true)
        // It stops inside the level that crosses 250,000 nodes, on an alias of line 6 (a5).
        #expect(diagnostic?.location.line == 6)
    }

    @Test func aliasesWithinTheBudgetAreFine() throws {
        let text = """
            defaults: &retry { max: 2, then: done }
            other: *retry
            """
        let composed = YAMLComposer().compose(Array(text.utf8))
        guard case .success(let root) = composed else {
            Issue.record("did not compose: \(composed)")
            return
        }
        #expect(root.value(forKey: "other")?.value(forKey: "then")?.text == "done")
    }

    @Test func mergeKeysApplyWithExplicitKeysWinning() throws {
        let text = """
            base: &base { mode: dtmf, length: 1, timeout: 5s }
            input:
              <<: *base
              timeout: 8s
            """
        guard case .success(let root) = YAMLComposer().compose(Array(text.utf8)), let input = root.value(forKey: "input")
        else {
            Issue.record("did not compose")
            return
        }
        #expect(input.value(forKey: "mode")?.text == "dtmf")
        #expect(input.value(forKey: "timeout")?.text == "8s")
        #expect(input.value(forKey: "<<") == nil)
        #expect(input.duplicates.isEmpty)
    }

    @Test func hugeFileIsRefusedBeforeItIsRead() throws {
        var bytes = Array("# ".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 9 * 1024 * 1024)
        let path = try write("huge.yaml", bytes)
        let diagnostic = only(FlowFileLoader.loadFlow(path: path).diagnostics)
        #expect(diagnostic?.rule == .fileTooLarge)
        #expect(diagnostic?.message.contains("9.0 MiB") == true)
        #expect(diagnostic?.location.line == 1)
    }

    @Test(arguments: [
        ("flow style", String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)),
        ("block style", (0..<1500).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " v"),
    ])
    func deepNestingIsRefused(_ style: String, _ text: String) throws {
        let path = try write("deep.yaml", text)
        let diagnostic = only(FlowFileLoader.loadFlow(path: path).diagnostics)
        #expect(diagnostic?.rule == .nestingTooDeep, "\(style)")
        #expect(diagnostic?.message.contains("1,000 levels") == true)
    }

    @Test func invalidUTF8IsReportedWhereItIs() throws {
        var bytes = Array("id: flow\nversion: \"1\"\ntitle: 话".utf8)
        bytes += [0xE8, 0x28]  // a lead byte followed by a byte that cannot continue it
        bytes += Array(" 费\n".utf8)
        let path = try write("latin.yaml", bytes)
        let diagnostic = only(FlowFileLoader.loadFlow(path: path).diagnostics)
        #expect(diagnostic?.rule == .invalidUTF8)
        #expect(diagnostic?.location.line == 3)
        #expect(diagnostic?.location.column == 9)
        #expect(diagnostic?.message.contains("0xE8") == true)
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let fixed = try String(contentsOf: Fixtures.flows.appendingPathComponent("FM101-unknown-key.fixed.yaml"), encoding: .utf8)
        let path = try write("bom.yaml", [0xEF, 0xBB, 0xBF] + Array(fixed.utf8))
        let loaded = FlowFileLoader.loadFlow(path: path)
        #expect(loaded.diagnostics.isEmpty, "\(Fixtures.render(loaded.diagnostics))")
        #expect(loaded.value?.id == "fm101-fixed")
    }

    @Test func unreadablePathsSayWhy() throws {
        let link = folder.appendingPathComponent("dangling.yaml")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/nonexistent/flow.yaml")
        let diagnostic = only(FlowFileLoader.loadFlow(path: link.path).diagnostics)
        #expect(diagnostic?.rule == .unreadableFile)
        #expect(diagnostic?.message.contains("No such file") == true)

        let library = FlowLibrary.load(paths: [folder.appendingPathComponent("missing-folder").path])
        #expect(library.diagnostics.contains { $0.rule == .unreadableFile && $0.message.contains("no such file or folder") })
    }

    @Test(arguments: [
        ("", "holds no YAML document"),
        ("# only a comment\n", "holds no YAML document"),
        ("- a\n- b\n", "must be a mapping"),
    ])
    func filesThatAreNotAFlowAreRefused(_ text: String, _ expected: String) throws {
        let path = try write("shape.yaml", text)
        let diagnostic = only(FlowFileLoader.loadFlow(path: path).diagnostics)
        #expect(diagnostic?.rule == .documentShape)
        #expect(diagnostic?.message.contains(expected) == true, "\(diagnostic?.message ?? "")")
    }

    @Test func controlCharactersAreASyntaxError() throws {
        let path = try write("nul.yaml", Array("id: a\u{0}b\n".utf8))
        let diagnostic = only(FlowFileLoader.loadFlow(path: path).diagnostics)
        #expect(diagnostic?.rule == .yamlSyntax)
        #expect(diagnostic?.location.line == 1)
    }

    @Test func complexKeysAreRefusedWithoutHashingThem() throws {
        // A key that is a (large) collection must not be hashed or expanded.
        let text = "? [a, b, c]\n: value\nid: x\n"
        let path = try write("complex.yaml", text)
        let diagnostics = FlowFileLoader.loadFlow(path: path).diagnostics
        #expect(diagnostics.contains { $0.rule == .wrongType && $0.message.contains("keys of the flow must be names") })
    }
}
