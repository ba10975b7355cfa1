import FlowAudit
import FlowConformance
import Foundation
import GRDB
import Testing

/// Temporary QA stores for the QA tests.
enum QAFixture {
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowaudit-qa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func store() throws -> QAStore {
        try QAStore(path: QAStore.path(besideStore: temporaryFolder().appendingPathComponent("flowmap.sqlite").path))
    }

    static let candidates = QASamplerTests.candidates
    static let time: Int64 = 1_793_610_000_000
}

@Suite struct QAStoreTests {
    @Test func theQAStoreLivesBesideTheSessionStore() {
        #expect(QAStore.path(besideStore: "/data/flowmap.sqlite") == "/data/flowmap.qa.sqlite")
        #expect(QAStore.path(besideStore: "log.db") == "log.db.qa.sqlite")
    }

    @Test func itIsWrittenWithWALAndSynchronousFull() throws {
        let qa = try QAFixture.store()
        let durability = try qa.durability()
        #expect(durability.journalMode == "wal")
        #expect(durability.synchronous == 2)
    }

    // MARK: Campaigns

    @Test func twoDrawsOfACampaignNeverTakeTheSameSession() throws {
        let qa = try QAFixture.store()
        let first = try qa.draw(
            campaign: "nov", seed: 42, strata: .contactPoint, size: 3, selection: "--period 2026-11",
            candidates: QAFixture.candidates, by: "lead", at: QAFixture.time)
        let second = try qa.draw(
            campaign: "nov", seed: 42, strata: .contactPoint, size: 3, selection: "--period 2026-11",
            candidates: QAFixture.candidates, by: "lead", at: QAFixture.time + 1)
        let third = try qa.draw(
            campaign: "nov", seed: 42, strata: .contactPoint, size: 3, selection: "--period 2026-11",
            candidates: QAFixture.candidates, by: "lead", at: QAFixture.time + 2)
        #expect(first.map(\.session) == ["S2", "S3", "S6", "T2", "T1"])
        #expect(second.map(\.session) == ["S4", "S1", "S5"])
        #expect(third.isEmpty)
        let samples = try qa.samples(campaign: "nov")
        #expect(samples.map(\.session) == ["S2", "S3", "S6", "T2", "T1", "S4", "S1", "S5"])
        #expect(try qa.draws(campaign: "nov").count == 3)
        let campaign = try #require(try qa.campaign(named: "nov"))
        #expect(campaign.seed == 42 && campaign.createdBy == "lead" && campaign.selection == "--period 2026-11")
    }

    @Test func anotherCampaignDrawsAfresh() throws {
        let qa = try QAFixture.store()
        try qa.draw(campaign: "nov", seed: 42, strata: .contactPoint, size: 3, selection: "", candidates: QAFixture.candidates, by: "lead")
        let other = try qa.draw(
            campaign: "dec", seed: 42, strata: .contactPoint, size: 3, selection: "", candidates: QAFixture.candidates, by: "lead")
        #expect(other.map(\.session) == ["S2", "S3", "S6", "T2", "T1"])
    }

    @Test func aCampaignKeepsItsSeed() throws {
        let qa = try QAFixture.store()
        try qa.draw(campaign: "nov", seed: 42, strata: .agent, size: 1, selection: "", candidates: QAFixture.candidates, by: "lead")
        #expect(throws: QAError.seedMismatch(campaign: "nov", seed: 42, given: 7)) {
            try qa.draw(campaign: "nov", seed: 7, strata: .agent, size: 1, selection: "", candidates: QAFixture.candidates, by: "lead")
        }
        #expect(try qa.samples(campaign: "nov").count == 2)
    }

    @Test func anUnknownCampaignIsNamed() throws {
        let qa = try QAFixture.store()
        #expect(throws: QAError.unknownCampaign("spring")) { try qa.samples(campaign: "spring") }
        #expect(QAError.unknownCampaign("spring").description == "no campaign named 'spring' in the QA store")
    }

    // MARK: Inspections

    @Test func aFailNeedsAReasonCode() throws {
        let qa = try QAFixture.store()
        #expect(throws: QAError.reasonRequired(session: "S3")) {
            try qa.record(NewInspection(session: "S3", verdict: .fail, inspector: "Q1", inspectedAt: QAFixture.time))
        }
        #expect(try qa.inspections().isEmpty)
    }

    @Test func theCurrentVerdictIsTheLatestSessionLevelOneNotSuperseded() throws {
        let qa = try QAFixture.store()
        let t = QAFixture.time
        let first = try qa.record(NewInspection(session: "S1", verdict: .fail, reason: "no-greeting", inspector: "Q1", inspectedAt: t))
        // A step-level verdict does not decide the session's.
        try qa.record(NewInspection(session: "S1", step: 3, verdict: .fail, reason: "wrong-option", inspector: "Q1", inspectedAt: t + 5))
        try qa.record(NewInspection(
            session: "S1", verdict: .pass, note: "greeting was there", inspector: "Q2", inspectedAt: t + 10, supersedes: first.id))
        try qa.record(NewInspection(session: "S3", verdict: .pass, inspector: "Q1", inspectedAt: t))
        try qa.record(NewInspection(session: "S3", verdict: .fail, reason: "no-callback-offered", inspector: "Q2", inspectedAt: t + 20))
        try qa.record(NewInspection(session: "S4", step: 5, verdict: .fail, reason: "wrong-unit", inspector: "Q1", inspectedAt: t))
        #expect(try qa.currentVerdicts() == ["S1": .pass, "S3": .fail])
        #expect(try qa.supersededBy() == [first.id: first.id + 2])
        #expect(try qa.inspections(session: "S1").map(\.id) == [first.id, first.id + 1, first.id + 2])
    }

    @Test func aCorrectionOfACorrectionChains() throws {
        let qa = try QAFixture.store()
        let t = QAFixture.time
        let first = try qa.record(NewInspection(session: "S1", verdict: .pass, inspector: "Q1", inspectedAt: t))
        let second = try qa.record(NewInspection(
            session: "S1", verdict: .fail, reason: "no-greeting", inspector: "Q1", inspectedAt: t + 1, supersedes: first.id))
        #expect(throws: QAError.alreadySuperseded(id: first.id, by: second.id)) {
            try qa.record(NewInspection(session: "S1", verdict: .pass, inspector: "Q2", inspectedAt: t + 2, supersedes: first.id))
        }
        try qa.record(NewInspection(session: "S1", verdict: .pass, inspector: "Q2", inspectedAt: t + 2, supersedes: second.id))
        #expect(try qa.currentVerdicts() == ["S1": .pass])
        // The superseded ones are all still there, unchanged.
        #expect(try qa.inspections().map(\.verdict) == [.pass, .fail, .pass])
    }

    @Test func aSupersedeMustNameAnInspectionOfTheSameSessionAndStep() throws {
        let qa = try QAFixture.store()
        let t = QAFixture.time
        let s1 = try qa.record(NewInspection(session: "S1", verdict: .pass, inspector: "Q1", inspectedAt: t))
        #expect(throws: QAError.unknownInspection(99)) {
            try qa.record(NewInspection(session: "S1", verdict: .pass, inspector: "Q1", inspectedAt: t, supersedes: 99))
        }
        #expect(throws: QAError.supersedesOtherSession(id: s1.id, session: "S1", given: "S2")) {
            try qa.record(NewInspection(session: "S2", verdict: .pass, inspector: "Q1", inspectedAt: t, supersedes: s1.id))
        }
        #expect(throws: QAError.supersedesOtherStep(id: s1.id, step: nil, given: 2)) {
            try qa.record(NewInspection(session: "S1", step: 2, verdict: .pass, inspector: "Q1", inspectedAt: t, supersedes: s1.id))
        }
        #expect(try qa.inspections().count == 1)
    }

    // MARK: The file itself refuses changes

    /// Opens the QA store's file directly, as anyone with SQLite could.
    static func rawConnection(_ qa: QAStore) throws -> DatabaseQueue {
        try DatabaseQueue(path: qa.path)
    }

    @Test func updatesAndDeletesAreRefusedByTheFile() throws {
        let qa = try QAFixture.store()
        try qa.draw(campaign: "nov", seed: 42, strata: .contactPoint, size: 1, selection: "", candidates: QAFixture.candidates, by: "lead")
        try qa.record(NewInspection(session: "S2", verdict: .fail, reason: "rude", inspector: "Q1", inspectedAt: QAFixture.time))
        let raw = try Self.rawConnection(qa)
        let attempts = [
            "UPDATE inspections SET verdict = 'pass'",
            "DELETE FROM inspections",
            "UPDATE samples SET session = 'S9'",
            "DELETE FROM samples",
            "UPDATE campaigns SET seed = 7",
            "DELETE FROM campaigns",
            "UPDATE draws SET size = 9",
            "DELETE FROM draws",
        ]
        for sql in attempts {
            let error = #expect(throws: DatabaseError.self, "\(sql)") { try raw.write { db in try db.execute(sql: sql) } }
            #expect(error?.message?.contains("append-only") == true, "\(sql): \(error?.message ?? "")")
        }
        #expect(try qa.currentVerdicts() == ["S2": .fail])
        #expect(try qa.samples(campaign: "nov").count == 2)
    }

    @Test func theFileRefusesASupersedeOfAnotherSession() throws {
        let qa = try QAFixture.store()
        let s1 = try qa.record(NewInspection(session: "S1", verdict: .pass, inspector: "Q1", inspectedAt: QAFixture.time))
        let raw = try Self.rawConnection(qa)
        let error = #expect(throws: DatabaseError.self) {
            try raw.write { db in
                try db.execute(
                    sql: "INSERT INTO inspections (session, verdict, inspector, inspected_at, supersedes) VALUES ('S2', 'pass', 'Q1', 0, ?)",
                    arguments: [s1.id])
            }
        }
        #expect(error?.message == "supersedes must name an inspection of the same session and step")
        let failWithoutReason = #expect(throws: DatabaseError.self) {
            try raw.write { db in
                try db.execute(sql: "INSERT INTO inspections (session, verdict, inspector, inspected_at) VALUES ('S2', 'fail', 'Q1', 0)")
            }
        }
        #expect(failWithoutReason?.resultCode == .SQLITE_CONSTRAINT)
    }

    @Test func aReadOnlyOpenNeedsAStoreAndWritesNothing() throws {
        let folder = try QAFixture.temporaryFolder()
        let path = folder.appendingPathComponent("flowmap.qa.sqlite").path
        #expect(throws: QAError.unavailable("no QA store at \(path)")) { try QAStore(path: path, readOnly: true) }
        #expect(try QAStore.currentVerdicts(besideStore: folder.appendingPathComponent("flowmap.sqlite").path).isEmpty)
        _ = try QAStore(path: path).record(NewInspection(session: "S1", verdict: .pass, inspector: "Q1", inspectedAt: 0))
        let reader = try QAStore(path: path, readOnly: true)
        #expect(try reader.currentVerdicts() == ["S1": .pass])
        #expect(throws: QAError.self) {
            try reader.record(NewInspection(session: "S1", verdict: .pass, inspector: "Q1", inspectedAt: 0))
        }
    }
}
