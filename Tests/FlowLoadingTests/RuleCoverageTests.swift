import Foundation
import Testing

@testable import FlowLoading

/// Every rule has a bad and a fixed example that tests run, and is documented.
@Suite struct RuleCoverageTests {
    @Test func everyRuleHasATestedExample() {
        let fixtures = Set((Fixtures.flowFixtureNames + Fixtures.libraryFixtureNames).map { String($0.prefix(5)) })
        let covered = fixtures.union(HostileInputTests.coveredRules)
        let missing = LintRule.all.map(\.code).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "rules without a bad/fixed example: \(missing)")
    }

    @Test func everyFixturePairIsComplete() throws {
        for name in Fixtures.flowFixtureNames {
            #expect(FileManager.default.fileExists(atPath: Fixtures.flows.appendingPathComponent("\(name).fixed.yaml").path), "\(name)")
        }
        for name in Fixtures.libraryFixtureNames {
            for kind in ["bad", "fixed"] {
                let folder = Fixtures.libraries.appendingPathComponent(name).appendingPathComponent(kind)
                #expect(FileManager.default.fileExists(atPath: folder.path), "\(name)/\(kind)")
            }
        }
    }

    @Test func codesAreUniqueAndStable() {
        let codes = LintRule.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(Set(LintRule.all.map(\.name)).count == codes.count)
        for code in codes { #expect(code.wholeMatch(of: /FM[0-9]{3}/) != nil, "\(code)") }
    }

    @Test func everyRuleIsDocumentedInTheDesignerGuide() throws {
        let guide = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/designer-guide.md")
        let text = try String(contentsOf: guide, encoding: .utf8)
        for rule in LintRule.all {
            #expect(text.contains("### \(rule.code) \(rule.name)"), "docs/designer-guide.md has no section '### \(rule.code) \(rule.name)'")
        }
    }
}
