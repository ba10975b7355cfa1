import FlowRuntime
import GRDB
@testable import FlowStore
import FlowmapTestSupport
import Foundation
import Subprocess
import SystemPackage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A real process writing sessions is killed with SIGKILL in the middle of its load; the
/// store it leaves holds every step it acknowledged, whole, once, with intact chains.
@Suite struct CrashTests {
    /// Runs `flowmap store-load` until it has acknowledged `acks` commits, kills it, and
    /// returns the acknowledgements it printed: the last sequence acknowledged per session.
    func loadAndKill(store: String, sessions: Int, acks wanted: Int) async throws -> [String: Int64] {
        let result = try await Subprocess.run(
            .path(FilePath(FlowmapBinary.url.path)),
            arguments: ["store-load", "--store", store, "--sessions", "\(sessions)", "--library", "Flows"],
            workingDirectory: FilePath(StoreFixture.root.path), input: .none, output: .sequence, error: .discarded
        ) { execution in
            var data: [UInt8] = []
            var lines = 0
            var killed = false
            for try await buffer in execution.standardOutput {
                buffer.withUnsafeBytes { bytes in
                    data.append(contentsOf: bytes)
                    lines += bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                }
                if !killed, lines >= wanted {
                    try execution.send(signal: .kill)
                    killed = true
                }
            }
            return String(decoding: data, as: UTF8.self)
        }
        #expect(result.terminationStatus == .signaled(SIGKILL))
        let text = result.closureResult
        var acknowledged: [String: Int64] = [:]
        // Only whole lines count: a line cut by the kill was not acknowledged in full.
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "ack", let sequence = Int64(parts[2]) else {
                Issue.record("unexpected output line '\(line)'")
                continue
            }
            acknowledged[String(parts[1]), default: 0] = max(acknowledged[String(parts[1])] ?? 0, sequence)
        }
        return acknowledged
    }

    @Test func everyAcknowledgedStepSurvivesAKill() async throws {
        let path = try StoreFixture.temporaryFolder().appendingPathComponent("crash.sqlite").path
        var acknowledged: [String: Int64] = [:]
        // Killed twice: the second run writes on after recovering from the first.
        for round in 0..<2 {
            let acks = try await loadAndKill(store: path, sessions: 64, acks: 1_500 + round * 500)
            #expect(acks.count > 0)
            acknowledged.merge(acks) { max($0, $1) }
            try await check(path, acknowledged: acknowledged)
        }
    }

    /// What a store must hold after a crash, given what was acknowledged.
    func check(_ path: String, acknowledged: [String: Int64]) async throws {
        let store = try SQLiteSessionStore(path: path)
        defer { store.close() }
        let verification = try LogVerifier(store: store).verify()
        #expect(verification.isIntact, "\(verification.report)")

        // Every acknowledged step is there with all its records, in order, once.
        for (session, sequence) in acknowledged {
            let log = try await store.log(session: session)
            #expect(log.count >= Int(sequence), "session \(session) acknowledged up to \(sequence), holds \(log.count)")
            #expect(log.map(\.sequence) == Array(1...Int64(log.count)))
        }

        // No session holds half a step: its state, its last record and its row agree.
        let heads = try await store.pool.read { db in
            try Statements.allHeads(db)
        }
        var records = 0
        for head in heads {
            let state = try #require(try await store.session(id: head.id))
            #expect(state.nextSequence - 1 == head.sequence, "session \(head.id): state expects \(state.nextSequence - 1), row \(head.sequence)")
            #expect(head.lastRecord == head.sequence, "session \(head.id): last record \(head.lastRecord), row \(head.sequence)")
            #expect(head.records == head.sequence, "session \(head.id): \(head.records) records for \(head.sequence)")
            if !state.isActive { #expect(head.timers == 0) } else { #expect(head.timers == state.timers.count) }
            records += head.records
        }
        #expect(verification.records == records)
    }
}

extension Statements {
    /// Each session's row beside what the log and the timers hold for it.
    struct SessionTotals {
        var id: String
        var sequence: Int64
        var lastRecord: Int64
        var records: Int
        var timers: Int
    }

    static func allHeads(_ db: GRDB.Database) throws -> [SessionTotals] {
        try GRDB.Row.fetchAll(
            db,
            sql: """
                SELECT s.id, s.last_sequence,
                       (SELECT ifnull(max(sequence), 0) FROM traversal_log WHERE session_number = s.number),
                       (SELECT count(*) FROM traversal_log WHERE session_number = s.number),
                       (SELECT count(*) FROM timers WHERE session = s.number)
                FROM sessions s
                """
        ).map { SessionTotals(id: $0[0], sequence: $0[1], lastRecord: $0[2], records: $0[3], timers: $0[4]) }
    }
}
