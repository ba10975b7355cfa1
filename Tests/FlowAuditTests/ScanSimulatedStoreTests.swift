import FlowAudit
import FlowConformance
import FlowRuntime
import FlowStore
import FlowmapTestSupport
import Foundation
import GRDB
import Testing

/// The scanner over simulated traffic (a fixed seed, through the real engine, into a real
/// store): its fast path reads every session exactly as the slow path (`SessionTrace`
/// from `LogRecord`s) does, and the audit never changes the store.
@Suite(.serialized) struct ScanSimulatedStoreTests {
    /// One simulated store for the suite, made on first use.
    static let shared = MadeOnce { try await ScanFixture.simulatedStore(contacts: 400, seed: 7) }

    @Test func theScannerReadsEverySessionAsTheSlowPathDoes() async throws {
        let path = try await Self.shared.value()
        let (store, audit) = try ScanFixture.audit(path)
        var scanned: [String: SessionTrace] = [:]
        let summary = try LogScanner(store: store, audit: audit, selection: try Selection.all.resolved(in: audit))
            .forEachSession { trace in
                #expect(scanned[trace.session] == nil, "\(trace.session) twice")
                scanned[trace.session] = trace
                return true
            }
        let sessions = try await DatabaseQueue(path: path).read { db in
            (try Row.fetchAll(db, sql: "SELECT id, number FROM sessions ORDER BY number")).map { ($0[0] as String, $0[1] as Int64) }
        }
        let records = try await DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM traversal_log")! }
        #expect(sessions.count == 400)
        #expect(summary.records == records)
        #expect(summary.finishedSessions + summary.openSessions == 400)
        #expect(summary.finishedSessions == scanned.count)
        #expect(summary.peakOpenSessions <= 400)

        let slow = try SQLiteSessionStore(path: path, readOnly: true)
        var finished = 0
        var openRecords = 0
        for (id, number) in sessions {
            let log = try await slow.log(session: id)
            let ended = log.contains { $0.depth == 0 && $0.outcome != nil }
            guard ended else {
                openRecords += log.count
                #expect(scanned[id] == nil)
                continue
            }
            finished += 1
            let expected = try SessionTrace(records: log, number: number, catalog: audit.catalog, vocabulary: audit.vocabulary)
            let trace = try #require(scanned[id], "\(id) not scanned")
            #expect(trace.number == expected.number)
            #expect(trace.journey == expected.journey)
            #expect(trace.contactPoint == expected.contactPoint)
            #expect(trace.channel == expected.channel)
            #expect(trace.steps == expected.steps, "\(id)")
        }
        #expect(finished == summary.finishedSessions)
        #expect(openRecords == summary.openRecords)
        // The traffic has something to find.
        #expect(finished > 300)
    }

    @Test func theAuditsFiguresAreTheSlowPathsSummed() async throws {
        let path = try await Self.shared.value()
        let (store, audit) = try ScanFixture.audit(path)
        let result = try AuditMeasurement(store: store, audit: audit, selection: try Selection.all.resolved(in: audit)).run()
        // The same sessions measured one by one from their records.
        let slow = try SQLiteSessionStore(path: path, readOnly: true)
        let sessions = try await DatabaseQueue(path: path).read { db in
            (try Row.fetchAll(db, sql: "SELECT id, number FROM sessions ORDER BY number")).map { ($0[0] as String, $0[1] as Int64) }
        }
        var measurer = SessionMeasurer(catalog: audit.catalog)
        var expected = ConformanceCounts()
        for (id, number) in sessions {
            let log = try await slow.log(session: id)
            guard log.contains(where: { $0.depth == 0 && $0.outcome != nil }) else { continue }
            expected.add(measurer.measure(try SessionTrace(records: log, number: number, catalog: audit.catalog, vocabulary: audit.vocabulary)))
        }
        let total = result.tally.conformance.total
        #expect(total == expected)
        #expect(total.sessions == result.measuredSessions)
        // Simulated agents stray and customers hang up: not everything conforms.
        #expect(total.trajectoryConforming < total.sessions)
        #expect(total.deviations.total > 0)
        #expect(total.personSteps > total.sessions)
    }

    @Test func auditingNeverChangesTheStoreFile() async throws {
        let path = try await Self.shared.value()
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func snapshot() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
            where name == "flowmap.sqlite" || name == "flowmap.sqlite-wal" {
                files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
            }
            return files
        }
        let before = try snapshot()
        #expect(before["flowmap.sqlite"] != nil)
        let (store, audit) = try ScanFixture.audit(path)
        var selection = Selection()
        selection.deviationTypes = [.override]
        _ = try AuditMeasurement(store: store, audit: audit, selection: try selection.resolved(in: audit)).run()
        _ = try AuditMeasurement(store: store, audit: audit, selection: try Selection.all.resolved(in: audit)).run { _, _ in false }
        let id = try await DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "SELECT id FROM sessions LIMIT 1")! }
        _ = try LogScanner.session(id: id, store: store, audit: audit)
        _ = audit.catalog.net(try audit.program(flow: "bill-inquiry.ivr", version: nil)).pnml()
        #expect(try snapshot() == before)
    }

    /// One scan's sessions, in the order they came, each as text: its header and steps with
    /// names for the vocabulary's ids (ids are given in the order names are first met, which
    /// differs when several readers meet them).
    static func scan(_ path: String, readers: Int, chunkRows: Int, _ change: (inout Selection) -> Void = { _ in })
        throws -> (sessions: [String], summary: ScanSummary)
    {
        let (store, audit) = try ScanFixture.audit(path)
        var selection = Selection()
        change(&selection)
        var sessions: [String] = []
        let summary = try LogScanner(
            store: store, audit: audit, selection: try selection.resolved(in: audit), batchSize: 5, readers: readers,
            chunkRows: chunkRows
        ).forEachSession { trace in
            func name(_ id: Int32) -> String { audit.vocabulary.name(id) ?? "-" }
            var text = "\(trace.session) \(trace.number) \(trace.journey) \(name(trace.contactPoint)) \(name(trace.channel))"
            for step in trace.steps {
                text += "\n\(step.sequence) \(step.depth) \(step.trigger) \(step.outcome.map { "\($0)" } ?? "-") "
                    + "\(step.tookTransition) \(audit.catalog.program(step.program).id) \(step.from) \(step.to) "
                    + "\(name(step.event)) \(name(step.reason)) \(name(step.actor)) \(name(step.role)) "
                    + "\(name(step.orgUnit)) \(step.enteredAt) \(step.leftAt)"
            }
            sessions.append(text)
            return true
        }
        return (sessions, summary)
    }

    @Test(arguments: [(2, 7), (3, 50), (2, 997), (4, 1)])
    func readersInChunksGiveWhatOneReaderGivesInTheSameOrder(readers: Int, chunkRows: Int) async throws {
        let path = try await Self.shared.value()
        let selections: [(inout Selection) -> Void] = [
            { _ in }, { $0.channels = ["ivr"] }, { $0.flows = ["bill-inquiry.phone", "billing-complaint.web"] },
        ]
        for change in selections {
            let one = try Self.scan(path, readers: 1, chunkRows: chunkRows, change)
            let many = try Self.scan(path, readers: readers, chunkRows: chunkRows, change)
            #expect(one.summary.readers == 1)
            #expect(many.summary.readers == readers)
            #expect(many.sessions.count == one.sessions.count)
            for (a, b) in zip(one.sessions, many.sessions) { #expect(a == b) }
            #expect(many.summary.records == one.summary.records)
            #expect(many.summary.finishedSessions == one.summary.finishedSessions)
            #expect(many.summary.selectedSessions == one.summary.selectedSessions)
            #expect(many.summary.openSessions == one.summary.openSessions)
            #expect(many.summary.openRecords == one.summary.openRecords)
            #expect(many.summary.peakOpenSessions >= 1)
        }
        // The selections select something, and not everything.
        let all = try Self.scan(path, readers: 1, chunkRows: 1).sessions.count
        let ivr = try Self.scan(path, readers: 1, chunkRows: 1) { $0.channels = ["ivr"] }.sessions.count
        #expect(ivr > 0 && ivr < all)
    }

    /// A copy of the shared store changed by `sql` (run on the copy).
    static func copy(changedBy sql: String) async throws -> String {
        let path = try ScanFixture.temporaryFolder().appendingPathComponent("copy.sqlite").path
        let source = try DatabaseQueue(path: try await shared.value())
        let copy = try DatabaseQueue(path: path)
        try source.backup(to: copy)
        try await copy.write { db in try db.execute(sql: sql) }
        try copy.close()
        return path
    }

    /// Rows written before the store had packed audit fields (NULL there, or no such column
    /// at all) are read through their columns: the scan gives what it gives when every row
    /// has them, whether a chunk holds both kinds or only one.
    @Test(arguments: [
        // A store migrated half-way through its log: old rows first, then new ones.
        "UPDATE traversal_log SET audit_fields = NULL WHERE rowid <= (SELECT max(rowid) / 2 FROM traversal_log)",
        // Odd rows without them inside chunks that begin and end with them.
        "UPDATE traversal_log SET audit_fields = NULL WHERE rowid % 37 = 5",
        // A store of the first version.
        "ALTER TABLE traversal_log DROP COLUMN audit_fields; DELETE FROM grdb_migrations WHERE identifier = 'v2 audit fields'",
    ])
    func rowsWithoutPackedFieldsAreReadAsTheirColumnsSay(sql: String) async throws {
        let changed = try await Self.copy(changedBy: sql)
        let original = try await Self.shared.value()
        for (readers, chunkRows) in [(1, 1 << 18), (2, 50), (3, 7)] {
            let expected = try Self.scan(original, readers: readers, chunkRows: chunkRows)
            let scanned = try Self.scan(changed, readers: readers, chunkRows: chunkRows)
            #expect(scanned.sessions.count == expected.sessions.count)
            for (a, b) in zip(expected.sessions, scanned.sessions) { #expect(a == b) }
            #expect(scanned.summary.records == expected.summary.records)
            #expect(scanned.summary.openSessions == expected.summary.openSessions)
            #expect(scanned.summary.openRecords == expected.summary.openRecords)
        }
        let (store, audit) = try ScanFixture.audit(changed)
        let (originalStore, originalAudit) = try ScanFixture.audit(original)
        let figures = try AuditMeasurement(store: store, audit: audit, selection: try Selection.all.resolved(in: audit)).run()
        let expected = try AuditMeasurement(
            store: originalStore, audit: originalAudit, selection: try Selection.all.resolved(in: originalAudit)
        ).run()
        #expect(figures.tally.conformance.total == expected.tally.conformance.total)
    }

    @Test func packedFieldsThatDoNotReadStopTheScanNamingTheRow() async throws {
        let changed = try await Self.copy(changedBy: "UPDATE traversal_log SET audit_fields = X'09' WHERE rowid = 40")
        #expect {
            _ = try Self.scan(changed, readers: 1, chunkRows: 1 << 18)
        } throws: { error in
            guard case AuditError.unreadableRecord(_, _, let problem) = error else { return false }
            return problem.contains("row 40")
        }
    }

    @Test func stoppingEarlyStopsEveryReader() async throws {
        let (store, audit) = try ScanFixture.audit(try await Self.shared.value())
        var seen: [String] = []
        let summary = try LogScanner(
            store: store, audit: audit, selection: try Selection.all.resolved(in: audit), batchSize: 4, readers: 3,
            chunkRows: 40
        ).forEachSession { trace in
            seen.append(trace.session)
            return seen.count < 25
        }
        #expect(seen.count == 25)
        #expect(summary.selectedSessions < 400)
        let first = try Self.scan(try await Self.shared.value(), readers: 1, chunkRows: 1).sessions.prefix(25)
            .map { String($0.prefix { $0 != " " }) }
        #expect(seen == Array(first))
    }

    @Test func stoppingEarlyStopsTheReader() async throws {
        let (store, audit) = try ScanFixture.audit(try await Self.shared.value())
        var seen = 0
        let summary = try LogScanner(store: store, audit: audit, selection: try Selection.all.resolved(in: audit), batchSize: 8)
            .forEachSession { _ in
                seen += 1
                return seen < 10
            }
        #expect(seen == 10)
        #expect(summary.selectedSessions < 400)
    }
}
