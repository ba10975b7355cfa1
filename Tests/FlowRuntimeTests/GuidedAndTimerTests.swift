import FlowExpression
import FlowLoading
import FlowModel
import FlowRuntime
import Foundation
import Testing

/// Guided mode, timers driven by a clock set by hand, and version pinning.
@Suite struct GuidedAndTimerTests {
    static let agent = Actor(id: "a-007", role: "agent", orgUnit: "front")

    @Test func anAgentMayOverrideWithAReasonAndItIsRecorded() throws {
        var contact = try Contact("bill.phone", channel: "phone", agent: Self.agent)
        #expect(contact.stateID == "identify")
        let step = try contact.send(.override(to: "closing", reason: "customer-in-hurry"), actor: Self.agent)
        #expect(step.records.first?.trigger.kind == .override)
        #expect(step.records.first?.trigger.reason == "customer-in-hurry")
        #expect(step.records.first?.actor == Self.agent)
        #expect(step.records.first?.from == "identify")
        #expect(contact.ended == .resolved)
    }

    @Test func anAgentMayRecordAStepDoneOutsideTheEngine() throws {
        var contact = try Contact("bill.phone", channel: "phone", agent: Self.agent)
        // The agent looked the bill up in the CRM: the engine records it and waits for the outcome.
        let step = try contact.send(.recordStep(state: "lookup", note: "looked up in CRM"), actor: Self.agent)
        #expect(step.records.first?.trigger.kind == .outside)
        #expect(step.records.first?.trigger.reason == "looked up in CRM")
        #expect(step.actions.isEmpty)
        #expect(contact.stateID == "lookup")
        try contact.send(.outcome("ok", results: ["total": .int(12)]))
        #expect(contact.ended == .resolved)
    }

    @Test func automatedFlowsRefuseOverrides() throws {
        let contact = try Contact("bill.ivr")
        #expect(throws: StepError.notGuided) {
            _ = try contact.stepper.apply(SessionEvent(.override(to: "goodbye", reason: "x"), at: contact.now), to: contact.session)
        }
        #expect(throws: StepError.unknownState("nowhere")) {
            var guided = contact.session
            guided.state.mode = .guided
            _ = try contact.stepper.apply(SessionEvent(.override(to: "nowhere", reason: "x"), at: contact.now), to: guided)
        }
    }

    @Test func anUnhandledSLATimerIsRecordedWithoutAMove() throws {
        var contact = try Contact("bill.ivr")
        try contact.send(.input("123456"))
        try contact.send(.outcome("ok"))
        let sla = try #require(contact.session.state.timers.first { $0.kind == .sla })
        #expect(sla.due - contact.now == 120_000)
        let step = try contact.fire(.sla)
        #expect(step.records.count == 1)
        #expect(step.records.first?.from == "menu")
        #expect(step.records.first?.to == "menu")
        #expect(step.records.first?.trigger.event == "sla-expired")
        #expect(step.records.first?.duration == 120_000)
        #expect(contact.stateID == "menu")
    }

    @Test func aTimerFromAnEarlierVisitIsIgnored() throws {
        var contact = try Contact("bill.ivr")
        try contact.send(.input("123456"))
        try contact.send(.outcome("ok"))
        let stale = try #require(contact.session.state.timers.first { $0.kind == .input })
        try contact.send(.input("1"))
        let step = try contact.send(.timer(.input, depth: stale.depth, visit: stale.visit))
        #expect(step.records.isEmpty)
        #expect(contact.stateID == "lookup")
    }

    @Test func theFlowsHardLimitEndsTheContactWhenNothingHandlesIt() throws {
        var contact = try Contact("bill.ivr")
        let limit = try #require(contact.session.state.timers.first { $0.kind == .flow })
        #expect(limit.due - contact.now == 600_000)
        let step = try contact.send(.timer(.flow, depth: 0, visit: 0), after: 600_000)
        #expect(step.records.first?.trigger.kind == .abandon)
        #expect(step.records.first?.trigger.event == "flow-timeout")
        #expect(contact.ended == .failed)
        // The subflow that was running is gone too.
        #expect(contact.session.state.frames.count == 1)
    }

    @Test func leavingAStateCancelsItsTimers() throws {
        var contact = try Contact("bill.ivr")
        try contact.send(.input("123456"))
        try contact.send(.outcome("ok"))
        try contact.send(.input("1"))
        let kinds = contact.session.state.timers.map(\.kind).sorted { $0.rawValue < $1.rawValue }
        #expect(kinds == [.flow, .operation])
    }

    @Test func aRunawayChainIsStopped() throws {
        let flow = """
            id: spin
            version: "1"
            title: 空转
            business: bill
            channel: ivr
            category: inquiry
            owner: front
            sla: 1m
            variables: { n: { type: int, default: 0 } }
            start: a
            states:
              a: { kind: prompt, say: 转, next: b }
              b:
                kind: decision
                branches:
                  - { when: n < 100000, to: a, set: { n: n + 1 } }
                otherwise: done
              done: { kind: end, outcome: resolved }
            """
        let loaded = FlowLibrary.load(flowText: flow, path: "spin.yaml", flowMap: nil)
        var library = ProgramLibrary()
        library.add(try ProgramCompiler.compile(try #require(loaded.flows.first), version: "v1"))
        let stepper = Stepper(catalog: library)
        let start = SessionStart(
            id: "spin", contactPoint: ContactPointInfo(code: "V101", business: "bill", channel: "ivr", brand: "", environment: ""),
            customer: "c")
        // The event was fine; the design runs away: the contact stops, failed, saying why.
        let outcome = try stepper.start(start, program: library.currentProgram(flow: "spin")!, at: 0)
        #expect(outcome.session.state.status == .ended(.failed))
        #expect(outcome.records.count == Stepper.maximumMoves + 2)
        #expect(outcome.records.last?.trigger.kind == .abandon)
        #expect(outcome.records.last?.note?.contains("more than 1000 moves") == true)
    }

    @Test func aSessionKeepsTheVersionItStartedOn() throws {
        var library = RuntimeFixture.library
        var contact = try Contact("bill.ivr", library: library)
        let version = contact.session.state.frames[0].version
        // A new version of bill.ivr is published while the contact runs: the menu changes.
        let loaded = FlowLibrary.load(paths: [RuntimeFixture.folder.path])
        var changed = try #require(loaded.flows.first { $0.id == "bill.ivr" })
        changed.states[0].message.say?.template = "新版本的欢迎词。"
        library.add(try ProgramCompiler.compile(changed, version: "new-version"))
        #expect(library.currentProgram(flow: "bill.ivr")?.version == "new-version")
        try contact.send(.input("123456"))
        try contact.send(.outcome("ok"))
        #expect(contact.session.state.frames[0].version == version)
        #expect(contact.records.allSatisfy { $0.depth > 0 || $0.version == version })
        // A new contact starts on the new version.
        let fresh = try Contact("bill.ivr", library: library)
        #expect(fresh.session.state.frames[0].version == "new-version")
        #expect(fresh.actions.first?.summary == "say 新版本的欢迎词。")
    }
}
