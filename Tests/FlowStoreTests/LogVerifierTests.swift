import FlowRuntime
@testable import FlowStore
import Foundation
import GRDB
import Testing

/// Tampering with the traversal log by plain SQL, as someone with the database file could:
/// the verifier finds each change and names the record.
@Suite struct LogVerifierTests {
    /// A store holding three finished contacts; returns it with its path.
    func storeWithContacts() async throws -> (SQLiteSessionStore, String) {
        let (store, path) = try StoreFixture.temporaryStore()
        for id in ["s-1", "s-2", "s-3"] {
            var contact = try Contact(id: id, seed: 3)
            try await store.commit(contact.started)
            while let step = contact.next() { try await store.commit(step) }
        }
        store.close()
        return (store, path)
    }

    /// Runs SQL on the file through a connection of its own, as a tamperer would.
    func tamper(_ path: String, _ sql: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in try db.execute(sql: sql) }
    }

    func verify(_ path: String) throws -> LogVerification {
        try LogVerifier(store: SQLiteSessionStore(path: path, readOnly: true)).verify()
    }

    @Test func anUntouchedLogIsIntact() async throws {
        let (store, path) = try await storeWithContacts()
        let counts = try await store.counts()
        let result = try verify(path)
        #expect(result.isIntact)
        #expect(result.report == "3 sessions, \(counts.records) records: chain intact")
    }

    @Test func aChangedFieldIsFound() async throws {
        let (_, path) = try await storeWithContacts()
        try tamper(path, "UPDATE traversal_log SET to_state = 'goodbye' WHERE session = 's-2' AND sequence = 5")
        let result = try verify(path)
        #expect(result.problems == [ChainProblem(session: "s-2", sequence: 5, kind: .changed)])
        #expect(result.report == "session s-2: record 5 changed (hash mismatch)")
    }

    @Test func aChangedTimeIsFound() async throws {
        let (_, path) = try await storeWithContacts()
        try tamper(path, "UPDATE traversal_log SET left_at = left_at + 1 WHERE session = 's-1' AND sequence = 3")
        #expect(try verify(path).report == "session s-1: record 3 changed (hash mismatch)")
    }

    @Test func aDeletedRecordIsFound() async throws {
        let (_, path) = try await storeWithContacts()
        try tamper(path, "DELETE FROM traversal_log WHERE session = 's-3' AND sequence = 7")
        #expect(try verify(path).report == "session s-3: record 7 missing")
    }

    @Test func deletedLastRecordsAreFound() async throws {
        let (store, path) = try await storeWithContacts()
        let last = try await store.log(session: "s-1").count
        try tamper(path, "DELETE FROM traversal_log WHERE session = 's-1' AND sequence >= \(last - 1)")
        #expect(try verify(path).report == "session s-1: records \(last - 1)-\(last) missing")
    }

    @Test func swappedRecordsAreFound() async throws {
        let (_, path) = try await storeWithContacts()
        try tamper(
            path,
            """
            UPDATE traversal_log SET sequence = -4 WHERE session = 's-2' AND sequence = 4;
            UPDATE traversal_log SET sequence = 4 WHERE session = 's-2' AND sequence = 3;
            UPDATE traversal_log SET sequence = 3 WHERE session = 's-2' AND sequence = -4;
            """)
        #expect(try verify(path).report == "session s-2: record 3 out of order (it was written as record 4)")
    }

    @Test func aChangedPreviousHashIsFound() async throws {
        let (_, path) = try await storeWithContacts()
        try tamper(
            path,
            "UPDATE traversal_log SET previous_hash = X'\(String(repeating: "a", count: 64))' WHERE session = 's-1' AND sequence = 6")
        #expect(try verify(path).report == "session s-1: record 6 previous hash changed")
    }

    @Test func aRecordRehashedAfterAChangeStillBreaksTheChain() async throws {
        // A tamperer who changes a record and stores its new hash breaks the link to the next one.
        let (store, path) = try await storeWithContacts()
        var record = try await store.log(session: "s-3")[4]
        record.to = "goodbye"
        let rehashed = RecordHashing.hash(record, previous: record.previousHash)
        try tamper(path, "UPDATE traversal_log SET to_state = 'goodbye', hash = X'\(rehashed)' WHERE session = 's-3' AND sequence = 5")
        // Its packed audit fields still say what it said.
        #expect(try verify(path).report == "session s-3: record 5 packed audit fields do not match its columns")
        let packed = AuditFields.encode(record).map { String(format: "%02x", $0) }.joined()
        try tamper(path, "UPDATE traversal_log SET audit_fields = X'\(packed)' WHERE session = 's-3' AND sequence = 5")
        #expect(try verify(path).report == "session s-3: record 6 does not follow record 5 (previous hash mismatch)")
    }

    @Test func changedPackedAuditFieldsAreFoundThoughTheChainHolds() async throws {
        let (_, path) = try await storeWithContacts()
        // The columns (and so the chain) untouched, the audit's packed copy of record 4
        // made to say what record 3 says.
        try tamper(
            path,
            """
            UPDATE traversal_log SET audit_fields = (SELECT audit_fields FROM traversal_log WHERE session = 's-2' AND sequence = 3)
            WHERE session = 's-2' AND sequence = 4
            """)
        let result = try verify(path)
        #expect(result.problems == [ChainProblem(session: "s-2", sequence: 4, kind: .auditFieldsDiffer)])
        #expect(result.report == "session s-2: record 4 packed audit fields do not match its columns")
    }

    @Test func recordsWrittenBeforeThePackedFieldsVerify() async throws {
        let (store, path) = try await storeWithContacts()
        // As a store of the first version holds them: no packed copy (NULL).
        try tamper(path, "UPDATE traversal_log SET audit_fields = NULL WHERE session <> 's-3'")
        let counts = try await store.counts()
        #expect(try verify(path).report == "3 sessions, \(counts.records) records: chain intact")
    }

    @Test func aStoreOfTheFirstVersionOpensReadOnlyAndVerifies() async throws {
        let (store, path) = try await storeWithContacts()
        let counts = try await store.counts()
        try tamper(
            path,
            """
            ALTER TABLE traversal_log DROP COLUMN audit_fields;
            DELETE FROM grdb_migrations WHERE identifier = 'v2 audit fields';
            """)
        #expect(try verify(path).report == "3 sessions, \(counts.records) records: chain intact")
        // Opened to write, it is migrated: new records get their packed copy.
        let writer = try SQLiteSessionStore(path: path)
        var contact = try Contact(id: "s-4", seed: 5)
        try await writer.commit(contact.started)
        while let step = contact.next() { try await writer.commit(step) }
        writer.close()
        let nulls = try await DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT session, count(*) FROM traversal_log WHERE audit_fields IS NULL GROUP BY session")
                .map { $0[0] as String }
        }
        #expect(nulls == ["s-1", "s-2", "s-3"])
        #expect(try verify(path).isIntact)
    }

    @Test func everyBrokenSessionIsReportedOnce() async throws {
        let (_, path) = try await storeWithContacts()
        try tamper(path, "UPDATE traversal_log SET changes = '' WHERE session = 's-1'")
        try tamper(path, "DELETE FROM traversal_log WHERE session = 's-3' AND sequence = 1")
        let result = try verify(path)
        #expect(result.problems.map(\.session) == ["s-1", "s-3"])
        #expect(result.report.split(separator: "\n").count == 2)
    }
}
