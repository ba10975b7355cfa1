import FlowAudit
import FlowConformance
import FlowRuntime
import Foundation
import GRDB
import Testing

/// Selections over the worked example's store, and what bad input gets.
@Suite struct ScanSelectionTests {
    static func sessions(_ path: String, _ change: (inout Selection) throws -> Void) throws -> [String] {
        var selection = Selection()
        try change(&selection)
        let (store, audit) = try ScanFixture.audit(path)
        var sessions: [String] = []
        _ = try AuditMeasurement(store: store, audit: audit, selection: try selection.resolved(in: audit)).run { trace, _ in
            sessions.append(trace.session)
            return true
        }
        return sessions
    }

    @Test func filtersByWhatTheLogSaysAndByWhatMeasuringFinds() async throws {
        let path = try await ScanFixture.workedExampleStore()
        #expect(try Self.sessions(path) { $0.flows = ["demo.phone"] } == ["S1", "S2", "S3", "S4", "S5"])
        #expect(try Self.sessions(path) { $0.flows = ["demo.ivr"] } == [])
        #expect(try Self.sessions(path) { $0.contactPoints = ["P901"] }.count == 5)
        #expect(try Self.sessions(path) { $0.contactPoints = ["V901"] } == [])
        #expect(try Self.sessions(path) { $0.businesses = ["demo"]; $0.channels = ["phone"] }.count == 5)
        #expect(try Self.sessions(path) { $0.channels = ["ivr"] } == [])
        // Owners: A1 owns S1, S3 and S4 (A7 acted in S4 but did not own it).
        #expect(try Self.sessions(path) { $0.agents = ["A1"] } == ["S1", "S3", "S4"])
        #expect(try Self.sessions(path) { $0.agents = ["A7"] } == [])
        // An org unit selects the units below it.
        #expect(try Self.sessions(path) { $0.orgUnits = ["centre"] }.count == 5)
        #expect(try Self.sessions(path) { $0.orgUnits = ["billing-dept"] } == [])
        #expect(try Self.sessions(path) { $0.deviationTypes = [.override] } == ["S2"])
        #expect(try Self.sessions(path) { $0.deviationTypes = [.abandoned, .stateSLA] } == ["S3", "S5"])
        #expect(try Self.sessions(path) { $0.deviationTypes = [.flowSLA] } == ["S4", "S5"])
        #expect(try Self.sessions(path) { $0.deviationTypes = [.loopBound] } == [])
        // S1, S2 and S4 end in `done` (resolved); S3 in `hung-up` (abandoned); S5 ran out of
        // the flow's time limit (failed, without an end state).
        #expect(try Self.sessions(path) { $0.outcomes = [.resolved] } == ["S1", "S2", "S4"])
        #expect(try Self.sessions(path) { $0.outcomes = [.abandoned] } == ["S3"])
        #expect(try Self.sessions(path) { $0.outcomes = [.failed, .abandoned] } == ["S3", "S5"])
    }

    @Test func periodsAreDaysWeeksAndMonthsOfTheFirstRecord() async throws {
        let path = try await ScanFixture.workedExampleStore()
        // The sessions start on Monday 2026-11-02, ISO week 45.
        for (text, count) in [("2026-11-02", 5), ("2026-11-03", 0), ("2026-W45", 5), ("2026-W44", 0), ("2026-11", 5), ("2026-10", 0)] {
            #expect(try Self.sessions(path) { $0.restrict(to: try Selection.Period(text)) }.count == count, "\(text)")
        }
        #expect(try Self.sessions(path) { $0.from = Day(year: 2026, month: 11, day: 2); $0.to = Day(year: 2026, month: 11, day: 2) }.count == 5)
        #expect(try Self.sessions(path) { $0.from = Day(year: 2026, month: 11, day: 3) } == [])
        #expect(try Self.sessions(path) { $0.to = Day(year: 2026, month: 11, day: 1) } == [])
        let week = try Selection.Period("2026-W45")
        #expect(week.first == Day(year: 2026, month: 11, day: 2))
        #expect(week.last == Day(year: 2026, month: 11, day: 8))
        let february = try Selection.Period("2028-02")
        #expect(february.last == Day(year: 2028, month: 2, day: 29))
    }

    @Test func badInputIsNamed() async throws {
        let path = try await ScanFixture.workedExampleStore()
        #expect(throws: AuditError.self) { try Self.sessions(path) { $0.flows = ["no.such"] } }
        do {
            _ = try Self.sessions(path) { $0.flows = ["no.such"] }
        } catch {
            #expect("\(error)".contains("no flow 'no.such'"))
            #expect("\(error)".contains("demo.phone"))
        }
        #expect(throws: AuditError.self) { try Self.sessions(path) { $0.flows = ["demo.phone"]; $0.version = "ffff" } }
        #expect(throws: AuditError.self) { try Self.sessions(path) { $0.businesses = ["nothing"] } }
        #expect(throws: AuditError.self) { try Self.sessions(path) { $0.orgUnits = ["nowhere"] } }
        #expect(throws: AuditError.self) {
            try Self.sessions(path) { $0.from = Day(year: 2026, month: 11, day: 5); $0.to = Day(year: 2026, month: 11, day: 1) }
        }
        for bad in ["2026-13", "2026-02-30", "2026-W54", "last month", "2026/11/02"] {
            #expect(throws: AuditError.self, "\(bad)") { try Selection.Period(bad) }
        }
        #expect(throws: AuditError.self) { try Selection.date("2026-11-31", option: "--from") }
        do {
            _ = try Selection.date("tomorrow", option: "--to")
        } catch {
            #expect("\(error)" == "--to 'tomorrow' is not a date YYYY-MM-DD")
        }
    }

    @Test func aMissingStoreOrAFileThatIsNoStoreIsRefused() throws {
        let folder = try ScanFixture.temporaryFolder()
        let missing = folder.appendingPathComponent("none.sqlite").path
        do {
            _ = try AuditStore(path: missing)
            Issue.record("opened a store that does not exist")
        } catch {
            #expect("\(error)".hasPrefix("no store at \(missing)"))
        }
        let other = folder.appendingPathComponent("other.sqlite").path
        let queue = try DatabaseQueue(path: other)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        try queue.close()
        #expect(throws: AuditError.self) { try AuditStore(path: other) }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func aVersionTheLogNamesButNobodyPublishedIsNamed() async throws {
        let path = try await ScanFixture.workedExampleStore()
        let version = try await DatabaseQueue(path: path).read { db in
            try String.fetchOne(db, sql: "SELECT version FROM flow_versions WHERE document = 'demo.phone'")
        }
        // Unpublish demo.phone behind the store's back (a store copied without its versions).
        let queue = try DatabaseQueue(path: path)
        try await queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "DELETE FROM current_versions WHERE document = 'demo.phone'")
            try db.execute(sql: "DELETE FROM publications WHERE document = 'demo.phone'")
            try db.execute(sql: "DELETE FROM flow_versions WHERE document = 'demo.phone'")
        }
        try queue.close()
        do {
            _ = try Self.sessions(path) { _ in }
            Issue.record("measured a log whose version is not published")
        } catch let error as AuditError {
            #expect(error.description == "session 'S1', record 1: flow 'demo.phone' version \(version!) is not published in the store")
        }
    }
}
