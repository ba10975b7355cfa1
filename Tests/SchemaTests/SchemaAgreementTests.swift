// The JSON Schemas in Schemas/ and the loader must agree on the shape of every file.
//
// For every YAML file under Flows/ and under Tests/**/Fixtures/, the schema accepts the
// file (read as an editor reads it, see EditorJSON) exactly when the loader reports no
// structural problem: FM101 unknown-key, FM102 missing-key, FM103 wrong-type, FM104
// invalid-value. Other rules (graphs, expressions, templates, channels, duplicates) are
// not the schema's business. Files that are not YAML (FM001-FM008) are left out.

import Foundation
import Testing
@testable import FlowLoading

/// A YAML file of the repository, named by its path from the repository root.
struct LibraryFile: Sendable, CustomTestStringConvertible, CustomStringConvertible {
    var relativePath: String

    var path: String { Library.root + "/" + relativePath }
    var name: String { (relativePath as NSString).lastPathComponent }
    var isFlowMap: Bool { FileListing.mapNames.contains(name) }
    var schemaName: String { isFlowMap ? "flowmap.schema.json" : "flow.schema.json" }
    var testDescription: String { relativePath }
    var description: String { relativePath }
}

enum Library {
    /// The repository root: this file is Tests/SchemaTests/SchemaAgreementTests.swift.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.standardizedFileURL.path
    }()

    static let structuralCodes: Set<String> = ["FM101", "FM102", "FM103", "FM104"]
    /// Files the loader cannot read as one YAML document: syntax, UTF-8, size, nesting,
    /// aliases, duplicate keys (invalid YAML, which the editor reports itself), document shape.
    static let notYAMLCodes: Set<String> = ["FM001", "FM002", "FM003", "FM004", "FM005", "FM006", "FM007", "FM008"]

    static let validators: [String: Result<JSONSchemaValidator, any Error>] = {
        var result: [String: Result<JSONSchemaValidator, any Error>] = [:]
        for name in ["flow.schema.json", "flowmap.schema.json"] {
            result[name] = Result {
                try JSONSchemaValidator(schemaText: try String(contentsOfFile: root + "/Schemas/" + name, encoding: .utf8))
            }
        }
        return result
    }()

    static func validator(_ schemaName: String) throws -> JSONSchemaValidator {
        try validators[schemaName]!.get()
    }

    /// Every `*.yaml`/`*.yml` below `folder` (relative to the root), hidden folders and
    /// scenario files left out, sorted.
    static func yamlFiles(under folder: String) -> [LibraryFile] {
        let base = root + "/" + folder
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var files: [LibraryFile] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
            guard !name.hasSuffix(".scenario.yaml"), !name.hasSuffix(".scenario.yml") else { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            files.append(LibraryFile(relativePath: folder + "/" + relative))
        }
        return files.sorted { $0.relativePath < $1.relativePath }
    }

    /// The shipped library.
    static func shippedFiles() -> [LibraryFile] {
        yamlFiles(under: "Flows")
    }

    /// Every test fixture: YAML files under a `Fixtures` folder anywhere below Tests/.
    static func fixtureFiles() -> [LibraryFile] {
        yamlFiles(under: "Tests").filter { $0.relativePath.split(separator: "/").contains("Fixtures") }
    }

    static func agreementFiles() -> [LibraryFile] {
        shippedFiles() + fixtureFiles()
    }

    static func diagnostics(of file: LibraryFile) -> [Diagnostic] {
        file.isFlowMap
            ? FlowFileLoader.loadFlowMap(path: file.path).diagnostics
            : FlowFileLoader.loadFlow(path: file.path).diagnostics
    }

    /// The schema's verdict on a file read as the editor reads it.
    static func schemaFailures(of file: LibraryFile) throws -> [JSONSchemaValidator.Failure] {
        try validator(file.schemaName).validate(try EditorJSON.read(path: file.path))
    }

    static func describe(_ failures: [JSONSchemaValidator.Failure]) -> String {
        failures.prefix(12).map { $0.lines(indent: "    ").joined(separator: "\n") }.joined(separator: "\n")
            + (failures.count > 12 ? "\n    ... \(failures.count - 12) more" : "")
    }

    static func describe(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.isEmpty ? "    (none)" : diagnostics.map { "    " + $0.formatted.replacing(root + "/", with: "") }.joined(separator: "\n")
    }
}

@Suite("Schemas agree with the loader")
struct SchemaAgreementTests {
    @Test("the schema accepts a file exactly when the loader finds no structural problem", arguments: Library.agreementFiles())
    func schemaAgreesWithLoader(_ file: LibraryFile) throws {
        let diagnostics = Library.diagnostics(of: file)
        if diagnostics.contains(where: { Library.notYAMLCodes.contains($0.rule.code) }) {
            return  // not a YAML document: the editor's YAML parser reports it, not the schema
        }
        let structural = diagnostics.filter { Library.structuralCodes.contains($0.rule.code) }
        let failures = try Library.schemaFailures(of: file)
        let schemaAccepts = failures.isEmpty
        let loaderAccepts = structural.isEmpty
        guard schemaAccepts != loaderAccepts else { return }
        let others = diagnostics.filter { !Library.structuralCodes.contains($0.rule.code) }
        var message = "\(file.relativePath): "
        if schemaAccepts {
            message += "the loader reports structural problems but Schemas/\(file.schemaName) accepts the file.\n"
            message += "loader (FM101-FM104):\n\(Library.describe(structural))\n"
            message += "schema: accepts"
        } else {
            message += "Schemas/\(file.schemaName) rejects the file but the loader reports no structural problem (FM101-FM104).\n"
            message += "schema (instance path: [keyword] message  (schema path)):\n\(Library.describe(failures))\n"
            message += "loader: no FM101-FM104; its other diagnostics:\n\(Library.describe(others))"
        }
        Issue.record(Comment(rawValue: message))
    }

    @Test("every shipped flow file begins by naming its schema for yaml-language-server", arguments: Library.shippedFiles())
    func shippedFileNamesItsSchema(_ file: LibraryFile) throws {
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        let firstLine = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let prefix = "# yaml-language-server: $schema="
        let expected = Library.root + "/Schemas/" + file.schemaName
        try #require(
            firstLine.hasPrefix(prefix),
            "\(file.relativePath) must begin with '\(prefix)<relative path to Schemas/\(file.schemaName)>', found '\(firstLine)'")
        let relative = String(firstLine.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        let folder = URL(fileURLWithPath: file.path).deletingLastPathComponent()
        let resolved = URL(fileURLWithPath: relative, relativeTo: folder).standardizedFileURL.path
        #expect(
            resolved == expected,
            "\(file.relativePath): $schema=\(relative) resolves to \(resolved), not Schemas/\(file.schemaName)")
        #expect(FileManager.default.fileExists(atPath: resolved), "\(file.relativePath): \(resolved) does not exist")
    }

    @Test("the agreement test sees the shipped library and the fixtures")
    func filesAreFound() {
        let files = Library.agreementFiles()
        #expect(files.contains { $0.relativePath == "Flows/flowmap.yaml" })
        #expect(files.contains { $0.relativePath.hasPrefix("Tests/SchemaTests/Fixtures/") && $0.isFlowMap })
        #expect(files.contains { $0.relativePath.hasPrefix("Tests/SchemaTests/Fixtures/") && !$0.isFlowMap })
        #expect(!files.contains { $0.name.hasSuffix(".scenario.yaml") })
    }
}

/// The schema tests' own fixtures: each says on its second line what it shows,
/// `# expect: valid` or `# expect: FM101 ...` (the rule the loader reports for it).
@Suite("Schema fixtures")
struct SchemaFixtureTests {
    static func ownFixtures() -> [LibraryFile] {
        Library.yamlFiles(under: "Tests/SchemaTests/Fixtures")
    }

    static func expectation(of file: LibraryFile) throws -> String {
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("# expect: ") }) else { return "" }
        return String(line.dropFirst("# expect: ".count).prefix { !$0.isWhitespace })
    }

    @Test("each fixture is accepted or rejected as its header says", arguments: ownFixtures())
    func fixtureShowsWhatItSays(_ file: LibraryFile) throws {
        let expected = try Self.expectation(of: file)
        try #require(
            expected == "valid" || Library.structuralCodes.contains(expected),
            "\(file.relativePath) needs a line '# expect: valid' or '# expect: FM10x ...'")
        let failures = try Library.schemaFailures(of: file)
        if expected == "valid" {
            #expect(failures.isEmpty, "\(file.relativePath) is meant to be valid, but the schema says:\n\(Library.describe(failures))")
        } else {
            #expect(!failures.isEmpty, "\(file.relativePath) is meant to show \(expected), but the schema accepts it")
            // When the loader rejects it, it must be for the reason the fixture is about.
            let structural = Library.diagnostics(of: file).filter { Library.structuralCodes.contains($0.rule.code) }
            if !structural.isEmpty {
                #expect(
                    structural.contains { $0.rule.code == expected },
                    "\(file.relativePath) is meant to show \(expected); the loader says:\n\(Library.describe(structural))")
            }
        }
    }
}
