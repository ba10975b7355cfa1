import FlowAudit
import FlowConformance
import FlowRuntime
import Foundation
import GRDB
import Testing

/// docs/auditing.md's worked example, read back from a real SQLite store by the scanner
/// and measured: every figure of the example, by hand.
@Suite struct ScanWorkedExampleTests {
    static let inspections = InspectionVerdicts(bySession: ["S1": .pass, "S3": .fail], hasQAStore: true)

    static func measure(_ path: String, selection: Selection = .all, inspections: InspectionVerdicts = inspections)
        throws -> (AuditResult, [String])
    {
        let (store, audit) = try ScanFixture.audit(path)
        var sessions: [String] = []
        let result = try AuditMeasurement(
            store: store, audit: audit, selection: try selection.resolved(in: audit), inspections: inspections
        ).run { trace, _ in
            sessions.append(trace.session)
            return true
        }
        return (result, sessions)
    }

    @Test func everyFigureOfTheWorkedExample() async throws {
        let path = try await ScanFixture.workedExampleStore()
        let (result, sessions) = try Self.measure(path)
        #expect(sessions == ["S1", "S2", "S3", "S4", "S5"])
        #expect(result.scan.records == 4 + 3 + 5 + 6 + 4)
        #expect(result.scan.finishedSessions == 5)
        #expect(result.scan.openSessions == 0)
        let total = result.tally.conformance.total
        // Trajectory: S1, S3, S4 conform.
        #expect(total.trajectoryConforming == 3)
        #expect(total.trajectoryRate == 0.6)
        // Token replay: m 2, c 22, r 2, p 22 -> 10/11.
        #expect(total.tokens == TokenCounts(missing: 2, consumed: 22, remaining: 2, produced: 22))
        #expect(abs(try #require(total.tokenFitness) - 10.0 / 11.0) < 1e-12)
        // Alignment: cost 3 over 20 -> 0.85.
        #expect(total.alignment == AlignmentCost(cost: 3, denominator: 20))
        #expect(abs(try #require(total.alignmentFitness) - 0.85) < 1e-12)
        // Deviations: S2 override + skipped; S3 state SLA; S4 flow SLA; S5 outside, abandoned, flow SLA.
        var expected = DeviationCounts()
        expected.override = 1
        expected.skippedMandatory = 1
        expected.stateSLA = 1
        expected.flowSLA = 2
        expected.outsideStep = 1
        expected.abandoned = 1
        #expect(total.deviations == expected)
        // Organisation: 16 of 17.
        #expect(total.personSteps == 17)
        #expect(total.conformingPersonSteps == 16)
        // Field use: S1 pass, S3 fail: 1/2, agreement 1/2, kappa 0.
        #expect(total.fieldUseRate == 0.5)
        #expect(total.agreement == AgreementTable(passConforming: 1, passNotConforming: 0, failConforming: 1, failNotConforming: 0))
        #expect(total.agreement.kappa == 0)
        // Compliance: S1 only.
        #expect(total.compliant == 1)
        #expect(total.complianceRate == 0.2)
        // Handling times 40 + 30 + 70 + 370 + 600 s.
        #expect(total.handlingTime == 1_110_000)
    }

    @Test func theFiguresAsMeasureShowsThem() async throws {
        let path = try await ScanFixture.workedExampleStore()
        let (result, _) = try Self.measure(path)
        let figures = MeasureFigures(result, period: .week)
        #expect(figures.scan.measuredSessions == 5)
        #expect(figures.trajectory.deviations.map(\.count) == [1, 1, 1, 1, 0, 1, 2])
        #expect(figures.organisation.conforming.part == 16 && figures.organisation.conforming.whole == 17)
        let step = try #require(figures.organisation.nonConformingSteps.first)
        #expect(figures.organisation.nonConformingSteps.count == 1)
        #expect([step.session, String(step.sequence), step.state, step.actor, step.role, step.orgUnit, step.failed] == [
            "S4", "5", "billing-explain", "A7", "agent", "front-line", "performer, transfer-target",
        ])
        // By the acting person's unit: all 17 steps are front-line's.
        #expect(figures.organisation.byOrgUnit.map(\.key) == ["front-line"])
        #expect(figures.fieldUse.qaStore)
        #expect(figures.fieldUse.passed.rate == 0.5)
        #expect(figures.fieldUse.kappa == 0)
        #expect(figures.fieldUse.contactPointsWithoutSessions.sorted() == ["P902", "P903", "V901"])
        // Five variants of one session each; ask: 40, 30, 70, 50, 30 s.
        #expect(figures.variants.count == 5)
        #expect(figures.variants.allSatisfy { $0.count == 1 && $0.share == 0.2 })
        let ask = try #require(figures.stateTimes.first { $0.flow == "demo.phone" && $0.state == "ask" })
        #expect(ask.visits == 5)
        #expect(abs(ask.median - 40) <= 0.04)
        #expect(abs(ask.p90 - 70) <= 0.07)
        // Compliance by contact point against the cell's benchmark 0.8: below, but 5 < 30 sessions.
        #expect(figures.compliance.byContactPoint == [
            MeasureFigures.Rate(key: "P901", part: 1, whole: 5, benchmark: 0.8, flagged: false)
        ])
        let strict = MeasureFigures(result, period: .day, minSessions: 5)
        #expect(strict.compliance.byContactPoint.first?.flagged == true)
        #expect(figures.compliance.byPeriod.map(\.key) == ["2026-W45"])
        #expect(strict.compliance.byPeriod.map(\.key) == ["2026-11-02"])
        #expect(figures.compliance.byAgent.map { "\($0.key) \($0.part)/\($0.whole)" } == ["A1 1/3", "A2 0/1", "A3 0/1"])
        #expect(figures.compliance.byVersion.count == 1)
        #expect(figures.compliance.byBusiness.map(\.key) == ["demo"])
        #expect(figures.compliance.byChannel.map(\.key) == ["phone"])
        // JSON is what `--format json` prints.
        let json = try JSONEncoder().encode(figures)
        let decoded = try JSONDecoder().decode(MeasureFigures.self, from: json)
        #expect(decoded.compliance.compliant == figures.compliance.compliant)
    }

    @Test func withoutAQAStoreThereAreNoFieldUseFigures() async throws {
        let path = try await ScanFixture.workedExampleStore()
        let (result, _) = try Self.measure(path, inspections: .none)
        let figures = MeasureFigures(result)
        #expect(!figures.fieldUse.qaStore)
        #expect(figures.fieldUse.passed.whole == 0)
        // Without S3's failed inspection S3 is compliant too (it conforms on trajectory, its
        // person-steps conform, 70 s is within the flow's 300 s): 2/5.
        #expect(result.tally.conformance.total.compliant == 2)
    }

    @Test func oneSessionsPathLocatesItsDeviations() async throws {
        let path = try await ScanFixture.workedExampleStore()
        let (store, audit) = try ScanFixture.audit(path)
        let (s2, finished) = try #require(try LogScanner.session(id: "S2", store: store, audit: audit))
        #expect(finished)
        let path2 = SessionPath(trace: s2, finished: true, audit: audit)
        #expect(path2.records.map(\.deviations) == [[], [], ["override", "skipped-mandatory(resolve)"]])
        #expect(path2.records[2].reason == "customer-in-hurry")
        #expect(path2.conformsOnTrajectory == false)
        #expect(path2.variant == "greet → ask → done")

        let (s3, _) = try #require(try LogScanner.session(id: "S3", store: store, audit: audit))
        let path3 = SessionPath(trace: s3, finished: true, audit: audit, inspection: .fail)
        #expect(path3.records.map(\.kind) == ["start", "move", "move", "annotation", "move"])
        #expect(path3.records[4].deviations == ["state-sla(ask)"])
        #expect(path3.compliant == false)
        #expect(path3.inspection == "fail")

        let (s4, _) = try #require(try LogScanner.session(id: "S4", store: store, audit: audit))
        let path4 = SessionPath(trace: s4, finished: true, audit: audit)
        #expect(path4.records[4].failedChecks == ["performer", "transfer-target"])
        #expect(path4.records[5].deviations == ["flow-sla"])
        #expect(path4.handlingTime == 370)
        #expect(path4.owner == "A1")

        #expect(try LogScanner.session(id: "S9", store: store, audit: audit) == nil)
    }

    @Test func openSessionsAreCountedApartAndNotMeasured() async throws {
        let path = try await ScanFixture.workedExampleStore(withOpenSession: true)
        let (result, sessions) = try Self.measure(path)
        #expect(sessions == ["S1", "S2", "S3", "S4", "S5"])
        #expect(result.scan.openSessions == 1)
        // S6: start, greet->ask, ask->transfer-billing.
        #expect(result.scan.openRecords == 3)
        #expect(result.tally.conformance.total.sessions == 5)
        let (store, audit) = try ScanFixture.audit(path)
        let (s6, finished) = try #require(try LogScanner.session(id: "S6", store: store, audit: audit))
        #expect(!finished)
        #expect(SessionPath(trace: s6, finished: false, audit: audit).conformsOnTrajectory == nil)
    }

    @Test func aSessionWhoseStartRecordIsMissingIsStillReadWhole() async throws {
        let path = try await ScanFixture.workedExampleStore()
        // A log cut short at its start (S1's record 1 gone): the scanner reads the id, the
        // flow and the version from the first record it has.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DELETE FROM traversal_log WHERE session = 'S1' AND sequence = 1")
        }
        try queue.close()
        let (store, audit) = try ScanFixture.audit(path)
        // One reader, and readers in chunks as small as one record (every session cut).
        for (readers, chunkRows) in [(1, 1), (2, 1), (3, 2)] {
            var s1: SessionTrace?
            var sessions = 0
            _ = try LogScanner(
                store: store, audit: audit, selection: try Selection.all.resolved(in: audit), readers: readers,
                chunkRows: chunkRows
            ).forEachSession { trace in
                if trace.session == "S1" { s1 = trace }
                sessions += 1
                return true
            }
            let trace = try #require(s1)
            #expect(sessions == 5)
            #expect(trace.steps.map(\.sequence) == [2, 3, 4])
            #expect(audit.vocabulary.name(trace.contactPoint) == "P901")
            #expect(audit.catalog.program(trace.program).id == "demo.phone")
        }
    }
}
