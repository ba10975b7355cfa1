import FlowModel
import Foundation
import Testing

@testable import FlowLoading

/// Every lint rule: a bad fixture with the exact diagnostics it must produce, and the
/// fixed version that must pass.
@Suite struct RuleFixtureTests {
    @Test func fixtureMapIsClean() throws {
        let loaded = FlowFileLoader.loadFlowMap(path: Fixtures.flows.appendingPathComponent("flowmap.yaml").path)
        #expect(loaded.diagnostics.isEmpty, "\(Fixtures.render(loaded.diagnostics))")
        #expect(loaded.value != nil)
    }

    @Test(arguments: Fixtures.flowFixtureNames)
    func badFlowReportsExactlyItsDiagnostics(_ name: String) throws {
        let url = Fixtures.flows.appendingPathComponent("\(name).bad.yaml")
        Fixtures.check(try Fixtures.lintFlow(url), against: try Fixtures.expectations(in: url))
    }

    @Test(arguments: Fixtures.flowFixtureNames)
    func fixedFlowPasses(_ name: String) throws {
        let diagnostics = try Fixtures.lintFlow(Fixtures.flows.appendingPathComponent("\(name).fixed.yaml"))
        #expect(diagnostics.isEmpty, "\(Fixtures.render(diagnostics))")
    }

    @Test(arguments: Fixtures.libraryFixtureNames)
    func badLibraryReportsExactlyItsDiagnostics(_ name: String) throws {
        let folder = Fixtures.libraries.appendingPathComponent(name).appendingPathComponent("bad")
        let library = FlowLibrary.load(paths: [folder.path])
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        let expectations = try files.flatMap { try Fixtures.expectations(in: folder.appendingPathComponent($0)) }
        Fixtures.check(library.diagnostics, against: expectations)
    }

    @Test(arguments: Fixtures.libraryFixtureNames)
    func fixedLibraryPasses(_ name: String) throws {
        let folder = Fixtures.libraries.appendingPathComponent(name).appendingPathComponent("fixed")
        let library = FlowLibrary.load(paths: [folder.path])
        #expect(library.diagnostics.isEmpty, "\(Fixtures.render(library.diagnostics))")
    }
}
