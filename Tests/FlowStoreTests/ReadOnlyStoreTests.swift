import FlowRuntime
@testable import FlowStore
import Foundation
import GRDB
import Testing

/// A store opened read-only, as auditors and `flowmap log verify` open it: it reads, and
/// nothing it is asked to do writes.
@Suite struct ReadOnlyStoreTests {
    @Test func aReadOnlyStoreReadsButNeverWrites() async throws {
        let (writer, path) = try StoreFixture.temporaryStore()
        var contact = try Contact(id: "s-1")
        try await writer.commit(contact.started)
        let step = try contact.nextStep()
        try await writer.commit(step)
        writer.close()

        let reader = try SQLiteSessionStore(path: path, readOnly: true)
        #expect(reader.isReadOnly)
        #expect(try await reader.session(id: "s-1") == step.session)
        #expect(try await reader.receipt(session: "s-1", event: "e1") == step.receipt)
        #expect(try LogVerifier(store: reader).verify().isIntact)

        let next = try contact.nextStep()
        await #expect(throws: StoreError.self) { try await reader.commit(next) }
        #expect(throws: PublishError.self) { try FlowVersionStore(store: reader).publish(paths: [StoreFixture.flows.path]) }
        // Even SQL through its own connections is refused by SQLite.
        #expect(throws: DatabaseError.self) {
            try reader.pool.writeWithoutTransaction { db in try db.execute(sql: "DELETE FROM traversal_log") }
        }
        #expect(try await reader.log(session: "s-1").count == Int(step.session.nextSequence - 1))
    }

    @Test func aReadOnlyStoreMustExist() throws {
        let path = try StoreFixture.temporaryFolder().appendingPathComponent("absent.sqlite").path
        #expect(throws: StoreError.self) { try SQLiteSessionStore(path: path, readOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func writesUseSynchronousFull() throws {
        let (store, _) = try StoreFixture.temporaryStore()
        let synchronous = try store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        let journal = try store.pool.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(synchronous == 2)
        #expect(journal == "wal")
    }
}
