import FlowAudit
import Foundation
import Testing

/// Drawing from a real store: the worked example's S1...S5 and S6 (see `ExportFixture`).
/// Owners (first person-step): S1 A1, S2 A2, S3 A1, S4 A1 (A7 acts after the transfer
/// but A1 took the contact), S5 A3, S6 `A9,x`; all in front-line, all at P901.
/// With seed 42, A1's stratum orders S3 (0a0b…), S4 (2fbb…), S1 (50e7…).
@Suite struct QASamplingFrameTests {
    static func frame(_ strata: SamplingStrata, selection: Selection = Selection()) async throws -> SamplingFrame {
        let path = try await ExportFixture.store()
        let store = try AuditStore(path: path)
        let audit = try AuditCatalog(store: store)
        return try SamplingFrame(scanner: LogScanner(store: store, audit: audit, selection: try selection.resolved(in: audit)), strata: strata)
    }

    @Test func strataByAgentAreTheOwners() async throws {
        let frame = try await Self.frame(.agent)
        let strata = Dictionary(grouping: frame.candidates, by: \.stratum).mapValues { $0.map(\.session).sorted() }
        #expect(strata == ["A1": ["S1", "S3", "S4"], "A2": ["S2"], "A3": ["S5"], "A9,x": ["S6"]])
        #expect(frame.withoutStratum == 0 && frame.openSessions == 0)
        let drawn = Sampler.draw(from: frame.candidates, seed: 42, size: 2, alreadyDrawn: [])
        #expect(drawn.map { "\($0.stratum):\($0.session)" } == ["A1:S3", "A1:S4", "A2:S2", "A3:S5", "A9,x:S6"])
    }

    @Test func strataByContactPointAndOrgUnit() async throws {
        let byPoint = try await Self.frame(.contactPoint)
        #expect(Set(byPoint.candidates.map(\.stratum)) == ["P901"])
        #expect(byPoint.candidates.count == 6)
        let byUnit = try await Self.frame(.orgUnit)
        #expect(Set(byUnit.candidates.map(\.stratum)) == ["front-line"])
    }

    @Test func aPeriodNarrowsTheFrame() async throws {
        var selection = Selection()
        selection.restrict(to: try Selection.Period("2026-11-03"))
        let frame = try await Self.frame(.agent, selection: selection)
        #expect(frame.candidates.map(\.session) == ["S6"])
    }

    @Test func aCampaignDrawnFromTheStoreIsKeptInTheQAStoreBesideIt() async throws {
        let path = try await ExportFixture.store()
        let store = try AuditStore(path: path)
        let audit = try AuditCatalog(store: store)
        let frame = try SamplingFrame(scanner: LogScanner(store: store, audit: audit, selection: try Selection().resolved(in: audit)), strata: .agent)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let qa = try QAStore(path: QAStore.path(besideStore: path))
        let first = try qa.draw(campaign: "nov", seed: 42, strata: .agent, size: 1, selection: "", candidates: frame.candidates, by: "lead")
        let second = try qa.draw(campaign: "nov", seed: 42, strata: .agent, size: 1, selection: "", candidates: frame.candidates, by: "lead")
        #expect(first.map(\.session) == ["S3", "S2", "S5", "S6"])
        #expect(second.map(\.session) == ["S4"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(FileManager.default.fileExists(atPath: path.replacingOccurrences(of: "flowmap.sqlite", with: "flowmap.qa.sqlite")))
    }
}
