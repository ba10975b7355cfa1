import FlowExpression
import FlowLoading
import FlowModel
import FlowRuntime
@testable import FlowStore
import Foundation
import Testing

/// An engine on the SQLite store restarts: the sessions it left waiting, with their timers
/// armed, are picked up by a new engine on the same file; timers that fell due while it
/// was down fire once, at once, and those not yet due wait.
@Suite struct EngineRestartTests {
    static let start = StoreFixture.startTime

    static func billInquiry(_ id: String) -> StartRequest {
        StartRequest(
            business: "bill-inquiry", channel: "ivr", brand: "gotone", environment: "own-network",
            customer: "13800138000", variables: ["msisdn": .string("13800138000")], session: id)
    }

    static func engine(_ store: SQLiteSessionStore, _ clock: ManualClock) -> Engine {
        Engine(library: StoreFixture.library, flowMap: StoreFixture.flowMap, store: store, clock: clock)
    }

    @Test func overdueTimersFireOnceAfterARestartAndTheRestWait() async throws {
        let (store, path) = try StoreFixture.temporaryStore()
        let clock = ManualClock(now: Self.start)
        let first = Self.engine(store, clock)

        // "waiting": asked for its password at T; the no-input timer is due at T+8s.
        let waiting = try await first.start(Self.billInquiry("waiting"))
        #expect(waiting.state == "enter-password")
        // "queued": pressed 0 at T+1s, waiting for an agent; the transfer gives up at T+61s.
        _ = try await first.start(Self.billInquiry("queued"))
        clock.advance(by: 1_000)
        let queued = try await first.send(.input("0"), to: "queued", eventID: "q-1")
        #expect(queued.state == "to-agent")
        // "late": asked for its password at T+65s; its no-input timer is due at T+73s.
        clock.advance(by: 64_000)
        _ = try await first.start(Self.billInquiry("late"))
        let lateBefore = try await first.session("late")
        let logsBefore = try await [store.log(session: "waiting").count, store.log(session: "queued").count, store.log(session: "late").count]
        #expect(logsBefore == [4, 5, 4])

        // The engine goes down at T+65s and comes back at T+70s, on the same file.
        store.close()
        let reopened = try SQLiteSessionStore(path: path)
        defer { reopened.close() }
        let later = ManualClock(now: Self.start + 70_000)
        let second = Self.engine(reopened, later)
        #expect(try await reopened.nextTimerDue() == Self.start + 8_000)

        // Exactly the two overdue timers fire, at once: their records are stamped T+70s.
        #expect(try await second.fireDueTimers() == 2)
        let waitingLog = try await reopened.log(session: "waiting")
        #expect(waitingLog.count == 5)
        let retry = try #require(waitingLog.last)
        #expect([retry.from, retry.to, retry.trigger, retry.event] == ["enter-password", "enter-password", "retry", "no-input"])
        #expect(retry.depth == 1)
        #expect(retry.leftAt == Self.start + 70_000)
        let waitingNow = try await second.session("waiting")
        #expect(waitingNow.isActive)
        #expect(waitingNow.current.noInputs == 1)
        // Asked again at T+70s: the new no-input timer is due 8 s later.
        #expect(waitingNow.timers.contains { $0.kind == .input && $0.due == Self.start + 78_000 })

        // The transfer timed out: no agent, so the check fails and the bill inquiry ends.
        let queuedLog = try await reopened.log(session: "queued")
        let moves = queuedLog[5...].map { "\($0.from ?? "-")->\($0.to ?? "-")" }
        #expect(moves == ["to-agent->agents-busy", "verify-identity->not-verified"])
        #expect(queuedLog[5].trigger == "fallback")
        #expect(queuedLog[5].event == "timeout")
        #expect(queuedLog.last?.outcome == "failed")
        #expect(queuedLog[5...].allSatisfy { $0.leftAt == Self.start + 70_000 })
        let queuedNow = try await second.session("queued")
        #expect(queuedNow.status == .ended(.failed))
        #expect(queuedNow.timers.isEmpty)

        // Fired once: asking again fires nothing and logs nothing; the rows of the timers
        // that fired are gone from the store (they would be found due again otherwise).
        #expect(try await reopened.dueTimers(through: Self.start + 70_000, limit: 10).isEmpty)
        #expect(try await second.fireDueTimers() == 0)
        #expect(try await reopened.log(session: "waiting").count == 5)
        #expect(try await reopened.log(session: "queued").count == queuedLog.count)

        // Not yet due: "late" stands exactly where it stood before the restart.
        #expect(try await second.session("late") == lateBefore)
        #expect(try await reopened.log(session: "late").count == 4)
        later.advance(by: 3_000)
        #expect(try await second.fireDueTimers() == 1)
        #expect(try await reopened.log(session: "late").last?.trigger == "retry")

        // The waiting caller goes on from where it stood: the password is checked.
        let answer = try await second.send(.input("123456"), to: "waiting", eventID: "w-1")
        #expect(answer.state == "verify-password")
        #expect(answer.firstSequence == 6)

        // Every chain, written across the restart, verifies.
        let verification = try LogVerifier(store: reopened).verify()
        #expect(verification.problems.isEmpty)
        #expect(verification.sessions == 3)
    }
}
