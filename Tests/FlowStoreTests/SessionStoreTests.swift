import FlowExpression
import FlowModel
import FlowRuntime
@testable import FlowStore
import Foundation
import Testing

/// Steps committed and read back: the session as it was, its records chained in the log,
/// its receipts, its timers; duplicates and gaps refused without touching anything.
@Suite struct SessionStoreTests {
    /// Plays a whole contact, committing every step; returns the contact at its end.
    func play(_ id: String, into store: SQLiteSessionStore, seed: UInt64 = 1) async throws -> Contact {
        var contact = try Contact(id: id, seed: seed)
        try await store.commit(contact.started)
        while let step = contact.next() { try await store.commit(step) }
        return contact
    }

    @Test func aCommittedSessionReadsBackEqual() async throws {
        let (store, _) = try StoreFixture.temporaryStore()
        var contact = try Contact(id: "s-1")
        try await store.commit(contact.started)
        #expect(try await store.session(id: "s-1") == contact.live.state)
        // Mid-contact: inside the identity subflow, two frames deep, waiting for a password.
        let step = try contact.nextStep()
        try await store.commit(step)
        #expect(contact.live.state.frames.count >= 1)
        #expect(try await store.session(id: "s-1") == contact.live.state)
        #expect(try await store.session(id: "nobody") == nil)
    }

    @Test func recordsAreStoredChainedAndEqualToTheirLogForm() async throws {
        let (store, _) = try StoreFixture.temporaryStore()
        let contact = try await play("s-1", into: store)
        #expect(!contact.isActive)
        let stored = try await store.log(session: "s-1")
        let expected = RecordHashing.chain(contact.records.map(\.logRecord), after: RecordHashing.genesis)
        #expect(stored.count == contact.records.count)
        #expect(stored == expected)
        #expect(stored.map(\.sequence) == Array(1...Int64(stored.count)))
        #expect(try await store.session(id: "s-1") == contact.live.state)
        // Personal data stays masked in the log.
        #expect(!stored.contains { $0.changes.contains("13800138000") })
    }

    @Test func aStepsReceiptIsKept() async throws {
        let (store, _) = try StoreFixture.temporaryStore()
        var contact = try Contact(id: "s-1")
        try await store.commit(contact.started)
        let step = try contact.nextStep()
        try await store.commit(step)
        #expect(try await store.receipt(session: "s-1", event: "e1") == step.receipt)
        #expect(try await store.receipt(session: "s-1", event: "start") == contact.started.receipt)
        #expect(try await store.receipt(session: "s-1", event: "e9") == nil)
    }

    @Test func aDuplicateEventIsRefusedAndChangesNothing() async throws {
        let (store, _) = try StoreFixture.temporaryStore()
        var contact = try Contact(id: "s-1")
        try await store.commit(contact.started)
        let first = try contact.nextStep()
        try await store.commit(first)
        let before = try await snapshot(store, "s-1")
        // The next step, carrying an event id the session has already applied.
        var repeated = try contact.nextStep()
        repeated.receipt?.event = "e1"
        await #expect(throws: StoreError.duplicateEvent(session: "s-1", event: "e1")) {
            try await store.commit(repeated)
        }
        #expect(try await snapshot(store, "s-1") == before)
    }

    @Test func aDuplicateWithinOneBatchFailsOnlyThatStep() async throws {
        let (store, _) = try StoreFixture.temporaryStore()
        var a = try Contact(id: "a")
        var b = try Contact(id: "b")
        try await store.commit(a.started)
        try await store.commit(b.started)
        let before = try await snapshot(store, "a")
        let a1 = try a.nextStep()
        var a2 = try a.nextStep()
        a2.receipt?.event = a1.receipt!.event
        let b1 = try b.nextStep()
        // One transaction: a's step, then a's next step reusing its event id, then b's step.
        let failures = try await store.writeBatch([a1, a2, b1])
        #expect(failures == [nil, StoreError.duplicateEvent(session: "a", event: "e1"), nil])
        let after = try await snapshot(store, "a")
        #expect(after.records == before.records + a1.records.count)
        #expect(try await store.session(id: "a") == a1.session)
        #expect(try await store.session(id: "b") == b1.session)
        #expect(try LogVerifier(store: store).verify().isIntact)
    }

    @Test func aStepThatDoesNotContinueTheLogIsRefused() async throws {
        let (store, _) = try StoreFixture.temporaryStore()
        var contact = try Contact(id: "s-1")
        try await store.commit(contact.started)
        _ = try contact.nextStep()  // never committed
        let second = try contact.nextStep()
        let before = try await snapshot(store, "s-1")
        let expected = contact.started.records.count + 1
        await #expect(throws: StoreError.sequenceGap(session: "s-1", expected: Int64(expected), found: second.records[0].sequence)) {
            try await store.commit(second)
        }
        #expect(try await snapshot(store, "s-1") == before)
        // A second start of the same session id is refused too.
        let restart = try Contact(id: "s-1")
        await #expect(throws: StoreError.self) { try await store.commit(restart.started) }
        #expect(try await snapshot(store, "s-1") == before)
    }

    @Test func timersAreReplacedEachStepAndComeDueInOrder() async throws {
        let (store, _) = try StoreFixture.temporaryStore()
        var contacts = try (0..<5).map { try Contact(id: "t-\($0)", seed: UInt64($0), at: StoreFixture.startTime + Int64($0) * 1_000) }
        for contact in contacts { try await store.commit(contact.started) }
        for index in contacts.indices {
            for _ in 0..<index { if let step = contacts[index].next() { try await store.commit(step) } }
        }
        let armed = contacts.filter(\.isActive).flatMap { contact in
            contact.live.state.timers.map { DueTimer(session: contact.live.state.id, timer: $0) }
        }.sorted { ($0.timer.due, $0.session) < ($1.timer.due, $1.session) }
        #expect(!armed.isEmpty)
        let due = try await store.dueTimers(through: .max, limit: 1_000)
        #expect(due == armed)
        #expect(try await store.nextTimerDue() == armed.first?.timer.due)
        let firstTwo = try await store.dueTimers(through: armed[1].timer.due, limit: 2)
        #expect(firstTwo == Array(armed.prefix(2)))
        #expect(try await store.dueTimers(through: armed[0].timer.due - 1, limit: 10).isEmpty)

        // An ended session keeps no timers.
        var last = contacts[0]
        while let step = last.next() { try await store.commit(step) }
        let remaining = try await store.dueTimers(through: .max, limit: 1_000)
        #expect(!remaining.contains { $0.session == "t-0" })
    }

    @Test func manyConcurrentSessionsAreWrittenTogetherAndCompletely() async throws {
        let (store, _) = try StoreFixture.temporaryStore()
        let sessions = 200
        let stepsEach = 20
        // Each task plays contacts back to back until it has committed 20 steps.
        let written = try await withThrowingTaskGroup(of: [String: Int].self) { group in
            for task in 0..<sessions {
                group.addTask {
                    var recordsBySession: [String: Int] = [:]
                    var steps = 0
                    var round = 0
                    while steps < stepsEach {
                        var contact = try Contact(id: "c\(task)-\(round)", seed: UInt64(task * 100 + round))
                        try await store.commit(contact.started)
                        steps += 1
                        while steps < stepsEach, let step = contact.next() {
                            try await store.commit(step)
                            steps += 1
                        }
                        recordsBySession[contact.live.state.id] = Int(contact.live.state.nextSequence - 1)
                        round += 1
                    }
                    return recordsBySession
                }
            }
            return try await group.reduce(into: [:]) { $0.merge($1) { a, _ in a } }
        }
        let verification = try LogVerifier(store: store).verify()
        #expect(verification.isIntact, "\(verification.report)")
        #expect(verification.sessions == written.count)
        #expect(verification.records == written.values.reduce(0, +))
        for (session, count) in written.prefix(20) {
            let log = try await store.log(session: session)
            #expect(log.map(\.sequence) == Array(1...Int64(count)))
        }
        let statistics = store.statistics
        #expect(statistics.steps == sessions * stepsEach)
        // Group commit: far fewer transactions than steps.
        #expect(statistics.transactions < statistics.steps / 2)
    }

    /// What a session looks like in the store: enough to see that nothing changed.
    struct Snapshot: Equatable {
        var state: SessionState?
        var records: Int
        var log: [LogRecord]
        var timers: [DueTimer]
    }

    func snapshot(_ store: SQLiteSessionStore, _ session: String) async throws -> Snapshot {
        let log = try await store.log(session: session)
        return Snapshot(
            state: try await store.session(id: session), records: log.count, log: log,
            timers: try await store.dueTimers(through: .max, limit: 10_000).filter { $0.session == session })
    }
}
