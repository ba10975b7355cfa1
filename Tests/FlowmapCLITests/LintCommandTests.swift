import Foundation
import Testing

/// `flowmap lint` as designers and CI run it: the real binary on real files.
@Suite struct LintCommandTests {
    static let fixtures = CLIRunner.root.appendingPathComponent("Tests/FlowLoadingTests/Fixtures")

    @Test func theShippedLibraryIsClean() async throws {
        let result = try await CLIRunner.run(["lint", "Flows"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.hasSuffix("0 errors, 0 warnings in \(flowFileCount()) flows and the flow map (\(flowFileCount() + 1) files)\n"))
    }

    @Test func problemsPrintCompilerStyleAndFail() async throws {
        let result = try await CLIRunner.run(["lint", "Tests/FlowLoadingTests/Fixtures/flows/FM201-undefined-target.bad.yaml"])
        #expect(result.status == 1)
        let line = "Tests/FlowLoadingTests/Fixtures/flows/FM201-undefined-target.bad.yaml:15:11: error: [FM201] state 'welcome' next 'dnoe' is not a state of this flow; did you mean 'done'?"
        #expect(result.stdout.contains(line + "\n"), "\(result.stdout)")
    }

    @Test func notesFollowTheirDiagnostic() async throws {
        let result = try await CLIRunner.run(["lint", "Tests/FlowLoadingTests/Fixtures/flows/FM202-duplicate-state.bad.yaml"])
        #expect(result.stdout.contains("""
            FM202-duplicate-state.bad.yaml:19:3: error: [FM202] state 'done' is declared twice; state ids must be unique
            Tests/FlowLoadingTests/Fixtures/flows/FM202-duplicate-state.bad.yaml:16:3: note: first declared here
            """))
    }

    @Test func jsonListsEveryDiagnosticWithItsPlace() async throws {
        let result = try await CLIRunner.run([
            "lint", "--format", "json", "Tests/FlowLoadingTests/Fixtures/flows/FM302-undeclared-variable.bad.yaml",
        ])
        #expect(result.status == 1)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let error = try #require(entries.first { $0["code"] as? String == "FM302" })
        #expect(error["severity"] as? String == "error")
        #expect(error["line"] as? Int == 17)
        #expect(error["column"] as? Int == 15)
        #expect((error["file"] as? String)?.hasSuffix("FM302-undeclared-variable.bad.yaml") == true)
        #expect((error["message"] as? String)?.contains("did you mean 'amount'?") == true)
        #expect(error["rule"] as? String == "undeclared-variable")
        #expect(entries.contains { $0["severity"] as? String == "warning" && $0["code"] as? String == "FM307" })
    }

    @Test func warningsFailOnlyWhenStrict() async throws {
        let path = "Tests/FlowLoadingTests/Fixtures/libraries/FM604-unused-flow/bad"
        #expect(try await CLIRunner.run(["lint", path]).status == 0)
        #expect(try await CLIRunner.run(["lint", "--strict", path]).status == 1)
    }

    @Test func oneFileIsLintedInTheContextOfItsLibrary() async throws {
        // The subflow it calls lives in another file; only this file's problems are reported.
        let result = try await CLIRunner.run(["lint", "Flows/bill-inquiry/bill-inquiry.ivr.yaml"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(!result.stdout.contains("FM501"))
    }

    @Test func aPathThatDoesNotExistIsAnError() async throws {
        let result = try await CLIRunner.run(["lint", "no/such/folder"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("no/such/folder:1:1: error: [FM008] no such file or folder"))
    }

    private func flowFileCount() -> Int {
        let enumerator = FileManager.default.enumerator(atPath: CLIRunner.root.appendingPathComponent("Flows").path)
        var count = 0
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".yaml"), !path.hasSuffix("flowmap.yaml"), !path.hasSuffix(".scenario.yaml") { count += 1 }
        }
        return count
    }
}
