import FlowExpression
import FlowLoading
import FlowModel
import FlowRuntime
import Foundation
import Testing

/// The engine over a store: contact points resolve to flows, events are answered once
/// durable, retries change nothing, a session's events apply in order, timers fire by the clock.
@Suite struct EngineTests {
    static let map: FlowMap = FlowLibrary.load(paths: [RuntimeFixture.folder.path]).flowMap!

    func makeEngine(store: any SessionStore = MemorySessionStore(), clock: ManualClock = ManualClock(now: 1_795_000_000_000))
        -> (Engine, ManualClock)
    {
        (Engine(library: RuntimeFixture.library, flowMap: Self.map, store: store, clock: clock), clock)
    }

    static func ivrStart(_ id: String? = nil) -> StartRequest {
        StartRequest(
            business: "bill", channel: "ivr", brand: "gotone", environment: "own", customer: "13800138000",
            variables: ["msisdn": .string("13800138000")], session: id)
    }

    @Test func aContactPointStartsItsFlow() async throws {
        let (engine, _) = makeEngine()
        let started = try await engine.start(Self.ivrStart())
        #expect(started.flow == "verify.ivr")
        #expect(started.state == "ask")
        #expect(started.actions == [
            .say("您好，欢迎致电。"), .say("请输入六位服务密码。"),
            .collect(CollectRequest(state: "ask", mode: .dtmf, length: 6, pattern: "^[0-9]{6}$", timeout: 8000)),
        ])
        #expect(started.firstSequence == 1)
        #expect(started.lastSequence == 3)
        #expect(started.journey == started.session)
    }

    @Test func aContactPointWithoutAFlowIsRefused() async throws {
        let (engine, _) = makeEngine()
        await #expect(throws: EngineError.notServed("(bill, sms, gotone, own) is not offered: 样例")) {
            _ = try await engine.start(StartRequest(business: "bill", channel: "sms", brand: "gotone", environment: "own", customer: "c"))
        }
    }

    @Test func promptsAreRenderedWithTheSessionsValues() async throws {
        let (engine, _) = makeEngine()
        let started = try await engine.start(Self.ivrStart())
        try await engine.send(.input("123456"), to: started.session)
        try await engine.send(.outcome("ok"), to: started.session)
        try await engine.send(.input("1"), to: started.session)
        let answer = try await engine.send(.outcome("ok", results: ["total": .decimal(Decimal(string: "128.5")!)]), to: started.session)
        #expect(answer.actions.prefix(2) == [.say("您本月的话费128.5元，金额较高。"), .say("您本月的话费为128.5元。")])
    }

    @Test func aRetriedEventGetsTheSameAnswerAndIsLoggedOnce() async throws {
        let store = MemorySessionStore()
        let (engine, _) = makeEngine(store: store)
        let started = try await engine.start(Self.ivrStart())
        let first = try await engine.send(.input("123456"), to: started.session, eventID: "e-1")
        let again = try await engine.send(.input("123456"), to: started.session, eventID: "e-1")
        #expect(!first.replayed)
        #expect(again.replayed)
        #expect(again.actions == first.actions)
        #expect(again.lastSequence == first.lastSequence)
        #expect(await store.log(session: started.session).count == Int(first.lastSequence))
        // The same event id on another state is still the first answer, not a new effect.
        let third = try await engine.send(.input("999999"), to: started.session, eventID: "e-1")
        #expect(third.replayed)
        #expect(await store.log(session: started.session).count == Int(first.lastSequence))
    }

    @Test func aRetriedStartReturnsTheFirstStart() async throws {
        let (engine, _) = makeEngine()
        let first = try await engine.start(Self.ivrStart("call-42"))
        let again = try await engine.start(Self.ivrStart("call-42"))
        #expect(again.replayed)
        #expect(again.actions == first.actions)
    }

    @Test func aRefusedEventChangesNothing() async throws {
        let store = MemorySessionStore()
        let (engine, _) = makeEngine(store: store)
        let started = try await engine.start(Self.ivrStart())
        let before = try await engine.session(started.session)
        await #expect(throws: EngineError.refused(.unhandled(event: "ok", state: "ask"))) {
            _ = try await engine.send(.outcome("ok"), to: started.session)
        }
        #expect(try await engine.session(started.session) == before)
        #expect(await store.log(session: started.session).count == 3)
    }

    @Test func oneSessionsEventsApplyOneAtATime() async throws {
        let (engine, _) = makeEngine()
        let agent = Actor(id: "a-1", role: "agent", orgUnit: "front")
        let started = try await engine.start(StartRequest(
            business: "bill", channel: "phone", brand: "gotone", environment: "own", customer: "c", agent: agent))
        // Twenty overrides at once: each is applied whole before the next, so the records
        // each one adds form disjoint, back-to-back ranges.
        let answers = try await withThrowingTaskGroup(of: EventResponse.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await engine.send(
                        .override(to: index.isMultiple(of: 2) ? "greet" : "identify", reason: "r\(index)"),
                        to: started.session, eventID: "o-\(index)", actor: agent)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let ranges = answers.map { $0.firstSequence...$0.lastSequence }.sorted { $0.lowerBound < $1.lowerBound }
        #expect(ranges.count == 20)
        #expect(ranges.first?.lowerBound == started.lastSequence + 1)
        for (earlier, later) in zip(ranges, ranges.dropFirst()) {
            #expect(later.lowerBound == earlier.upperBound + 1)
        }
    }

    @Test func manySessionsRunInParallelAndEachLogChains() async throws {
        let store = MemorySessionStore()
        let (engine, _) = makeEngine(store: store)
        let sessions = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<50 {
                group.addTask {
                    let started = try await engine.start(Self.ivrStart("s-\(index)"))
                    try await engine.send(.input("123456"), to: started.session)
                    try await engine.send(.outcome("ok"), to: started.session)
                    try await engine.send(.input("9"), to: started.session)
                    try await engine.send(.hangup, to: started.session)
                    return started.session
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(sessions.count == 50)
        for session in sessions {
            let log = await store.log(session: session)
            #expect(log.map(\.sequence) == Array(1...Int64(log.count)))
            var previous = RecordHashing.genesis
            for record in log {
                #expect(record.previousHash == previous)
                #expect(record.hash == RecordHashing.hash(record, previous: previous))
                previous = record.hash
            }
            #expect(log.last?.outcome == "abandoned")
        }
    }

    @Test func timersFireWhenTheClockSaysSo() async throws {
        let (engine, clock) = makeEngine()
        let started = try await engine.start(Self.ivrStart())
        #expect(try await engine.fireDueTimers() == 0)
        clock.advance(by: 7_999)
        #expect(try await engine.fireDueTimers() == 0)
        clock.advance(by: 1)
        #expect(try await engine.fireDueTimers() == 1)
        // The password's no-input limit is 1: the first silence retries.
        let state = try await engine.session(started.session)
        #expect(state.current.noInputs == 1)
        clock.advance(by: 8_000)
        try await engine.fireDueTimers()
        // The second ends the subflow as failed: the caller transfers to an agent.
        let after = try await engine.session(started.session)
        #expect(after.frames.count == 1)
        #expect(RuntimeFixture.program("bill.ivr").states[Int(after.current.state)].id == "to-agent")
    }

    @Test func idleSessionsLeaveMemoryAndComeBackFromTheStore() async throws {
        let store = MemorySessionStore()
        let clock = ManualClock(now: 1_795_000_000_000)
        let engine = Engine(
            library: RuntimeFixture.library, flowMap: Self.map, store: store, clock: clock,
            configuration: Engine.Configuration(cacheCapacity: 10))
        var ids: [String] = []
        for index in 0..<100 { ids.append(try await engine.start(Self.ivrStart("idle-\(index)")).session) }
        #expect(await engine.sessionsInMemory <= 10)
        // The first session was dropped from memory; its next event reloads it from the store.
        let answer = try await engine.send(.input("123456"), to: ids[0])
        #expect(answer.actions.map { if case .runTask(_, let operation, _, _) = $0 { operation } else { "" } } == ["identity.check"])
    }

    @Test func anEndedSessionIsShownAsTheStoreHoldsItAndTakesNoMoreEvents() async throws {
        let store = MemorySessionStore()
        let (engine, _) = makeEngine(store: store)
        let started = try await engine.start(Self.ivrStart())
        let ended = try await engine.send(.hangup, to: started.session, eventID: "h-1")
        #expect(ended.ended != nil)
        // Shown from the engine's memory of the ended sessions: exactly what is durable.
        let shown = try await engine.session(started.session)
        #expect(shown == (try await store.session(id: started.session)))
        #expect(!shown.isActive)
        #expect(await engine.sessionsInMemory == 0)
        // Still refused as before, and a retry of the ending event still gets its recording.
        await #expect(throws: EngineError.self) { try await engine.send(.input("1"), to: started.session) }
        #expect(try await engine.send(.hangup, to: started.session, eventID: "h-1").replayed)
    }

    @Test func aSessionResumesOnItsOwnVersionAfterARestart() async throws {
        let store = MemorySessionStore()
        let clock = ManualClock(now: 1_795_000_000_000)
        let first = Engine(library: RuntimeFixture.library, flowMap: Self.map, store: store, clock: clock)
        let started = try await first.start(Self.ivrStart())
        try await first.send(.input("123456"), to: started.session)
        // A new engine on the same store (a restart) with a newer bill.ivr published.
        var library = RuntimeFixture.library
        let loaded = FlowLibrary.load(paths: [RuntimeFixture.folder.path])
        var changed = try #require(loaded.flows.first { $0.id == "bill.ivr" })
        changed.states[2].message.say?.template = "新菜单：本月请按1。"
        library.add(try ProgramCompiler.compile(changed, version: "v2"))
        let second = Engine(library: library, flowMap: Self.map, store: store, clock: clock)
        let answer = try await second.send(.outcome("ok"), to: started.session)
        #expect(answer.actions.first == .say("本月请按1，上月请按2。"))
        let fresh = try await second.start(Self.ivrStart())
        _ = fresh
        #expect(try await second.session(started.session).frames[0].version != "v2")
    }
}
