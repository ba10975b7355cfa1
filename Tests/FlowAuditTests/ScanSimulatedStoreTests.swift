import FlowAudit
import FlowConformance
import FlowRuntime
import FlowStore
import Foundation
import GRDB
import Testing

/// The scanner over simulated traffic (a fixed seed, through the real engine, into a real
/// store): its fast path reads every session exactly as the slow path (`SessionTrace`
/// from `LogRecord`s) does, and the audit never changes the store.
@Suite(.serialized) struct ScanSimulatedStoreTests {
    /// One simulated store for the suite, made on first use.
    actor SharedStore {
        private var path: String?

        func path() async throws -> String {
            if let path { return path }
            let made = try await ScanFixture.simulatedStore(contacts: 400, seed: 7)
            path = made
            return made
        }
    }

    static let shared = SharedStore()

    @Test func theScannerReadsEverySessionAsTheSlowPathDoes() async throws {
        let path = try await Self.shared.path()
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
        let path = try await Self.shared.path()
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
        let path = try await Self.shared.path()
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

    @Test func stoppingEarlyStopsTheReader() async throws {
        let (store, audit) = try ScanFixture.audit(try await Self.shared.path())
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
