import FlowConformance
import FlowModel
import FlowRuntime
import Testing

/// Sessions through a flow that calls a subflow (complain.phone calls check.phone), played
/// through the runtime: each segment is measured against its own flow version's net and
/// the figures are summed; deviations inside the subflow are found and located.
@Suite struct SubflowDeviationTests {
    static let a1 = People.agent("A1")
    static let b1 = People.agent("B1", unit: "billing-desk")

    static func measure(_ contact: DrivenContact) throws -> (SessionVerdict, NetCatalog, SessionTrace) {
        let catalog = ConformanceFixture.catalog()
        let trace = try contact.trace(number: 1, catalog: catalog)
        var measurer = SessionMeasurer(catalog: catalog)
        return (measurer.measure(trace), catalog, trace)
    }

    static func start() throws -> DrivenContact {
        try DrivenContact("complain.phone", id: "C", agent: a1, code: "P903")
    }

    @Test func aConformingSessionSumsItsSegmentsOwnFigures() throws {
        var contact = try Self.start()
        try contact.send(.input("1234"), at: 10, actor: Self.a1)
        try contact.send(.input("same"), at: 20, actor: Self.a1)
        try contact.send(.input("账单金额不对"), at: 60, actor: Self.a1)
        try contact.send(.outcome("connected"), at: 90)
        try contact.send(.input("fixed"), at: 150, actor: Self.b1)
        #expect(contact.ended)
        let (verdict, catalog, trace) = try Self.measure(contact)

        #expect(verdict.segments.count == 2)
        let child = verdict.segments[1]
        #expect(catalog.program(child.program).id == "check.phone")
        #expect(child.depth == 1)
        #expect(child.reachedEnd)
        #expect(trace.steps[Int(child.first)].sequence == 3)
        #expect(trace.steps[Int(child.last)].sequence == 5)
        #expect(verdict.segments[0].reachedEnd)

        #expect(verdict.deviations.isEmpty)
        #expect(verdict.conformsOnTrajectory)
        // complain.phone: 5 moves (c = p = 7); check.phone: 2 moves (c = p = 4).
        #expect(verdict.tokens == TokenCounts(missing: 0, consumed: 11, remaining: 0, produced: 11))
        // L is 1 in both (a hang-up; the visit limit's exit): 5 + 1 and 2 + 1.
        #expect(verdict.alignment == AlignmentCost(cost: 0, denominator: 9))
        // Visits: ask-id 10 s, confirm 10 s, take-complaint 40 s, to-billing 30 s,
        // billing-review 60 s; the subflow state's time is counted inside the subflow.
        #expect(verdict.handlingTime == 150_000)
        #expect(verdict.personSteps.count == 8)
        #expect(verdict.nonConformingPersonSteps == 0)
        #expect(verdict.compliant)
        #expect(verdict.variant.map { catalog.net(verdict.program).stateNames[Int($0)] } == [
            "greet", "verify", "take-complaint", "to-billing", "billing-review", "closing",
        ])
    }

    @Test func enteringABoundedStatePastItsLimitWithoutItsExitIsALoopBound() throws {
        var contact = try Self.start()
        try contact.send(.input("1234"), at: 10, actor: Self.a1)
        try contact.send(.input("different"), at: 20, actor: Self.a1)
        try contact.send(.input("5678"), at: 30, actor: Self.a1)
        // A third entry, recorded as done outside the engine: the runtime does not apply
        // the visit limit to a step it did not run.
        try contact.send(.recordStep(state: "ask-id", note: "checked on the CRM"), at: 40, actor: Self.a1)
        try contact.send(.input("9999"), at: 50, actor: Self.a1)
        try contact.send(.input("same"), at: 60, actor: Self.a1)
        try contact.send(.hangup, at: 70)
        #expect(contact.ended)
        let (verdict, catalog, _) = try Self.measure(contact)
        #expect(verdict.deviationSummary(catalog) == ["outside-step@7", "loop-bound(ask-id)@7"])
        #expect(catalog.program(verdict.deviations[1].program).id == "check.phone")
        #expect(!verdict.conformsOnTrajectory)
        // Every label is still a designed move: replay and alignment see nothing wrong.
        #expect(verdict.tokens.missing == 0)
        #expect(verdict.alignment.cost == 0)
    }

    @Test func aVisitLimitTakenByDesignIsNoDeviation() throws {
        var contact = try Self.start()
        try contact.send(.input("1234"), at: 10, actor: Self.a1)
        try contact.send(.input("different"), at: 20, actor: Self.a1)
        try contact.send(.input("5678"), at: 30, actor: Self.a1)
        try contact.send(.input("different"), at: 40, actor: Self.a1)
        #expect(contact.ended)
        let (verdict, catalog, trace) = try Self.measure(contact)
        #expect(trace.steps.map(\.trigger)[7] == .limit)
        #expect(verdict.deviations.isEmpty)
        #expect(verdict.conformsOnTrajectory)
        #expect(verdict.outcome == .failed)
        #expect(verdict.variant.map { catalog.net(verdict.program).stateNames[Int($0)] } == ["greet", "verify", "sorry"])
    }

    @Test func aSubflowRunningOutOfTimeIsAbandonedAndItsCallerGoesOn() throws {
        var contact = try Self.start()
        try contact.wait(until: 130)
        #expect(contact.ended)
        let (verdict, catalog, trace) = try Self.measure(contact)
        #expect(trace.steps.count == 5)
        #expect(verdict.deviationSummary(catalog) == ["abandoned@4"])
        #expect(catalog.program(verdict.deviations[0].program).id == "check.phone")
        #expect(!verdict.segments[1].reachedEnd)
        #expect(verdict.segments[0].reachedEnd)
        // complain.phone: greet->verify, verify->sorry (c = p = 4); check.phone: an empty
        // trace (the move to no state is not a label): m = c = r = p = 1. pm4py agrees.
        #expect(verdict.tokens == TokenCounts(missing: 1, consumed: 5, remaining: 1, produced: 5))
        // (0, 2 + 1) and, for the empty trace, one model move: (1, 0 + 1).
        #expect(verdict.alignment == AlignmentCost(cost: 1, denominator: 4))
        #expect(verdict.handlingTime == 120_000)
    }

    @Test func aHangUpInsideASubflowWithoutAHandlerEndsBothSegmentsAtOneRecord() throws {
        var contact = try Self.start()
        try contact.send(.hangup, at: 10)
        #expect(contact.ended)
        let (verdict, catalog, trace) = try Self.measure(contact)
        // The runtime logs the end at depth 0, from the subflow state, to no state.
        #expect(trace.steps.last?.depth == 0)
        #expect(trace.steps.last?.to == -1)
        #expect(verdict.segments.map(\.reachedEnd) == [false, false])
        #expect(verdict.segments[1].endedBy == 3)
        #expect(verdict.deviationSummary(catalog) == ["abandoned@4"])
        // The subflow's visit of ask-id is cut short by the record that ended it.
        let child = verdict.segments[1].program
        let askID = catalog.stateIndex(program: child, name: "ask-id")!
        #expect(verdict.visits.contains(StateVisit(program: child, state: askID, entered: 3, left: 4, duration: 10_000)))
        #expect(verdict.handlingTime == 10_000)
        // pm4py: [greet->verify] on complain.phone: (1, 2, 1, 2), cost 1 of 2; check.phone's
        // empty trace: (1, 1, 1, 1), cost 1 of 1.
        #expect(verdict.tokens == TokenCounts(missing: 2, consumed: 3, remaining: 2, produced: 3))
        #expect(verdict.alignment == AlignmentCost(cost: 2, denominator: 3))
    }

    @Test func aLoopBoundAtTheEndOfASegmentIsFoundToo() throws {
        // Hand-made: ask-id entered a third time by an override and the log stops there.
        let catalog = ConformanceFixture.catalog()
        var builder = TraceBuilder(catalog: catalog, flow: "check.phone")
        builder.add(nil, "ask-id", .start, actor: Self.a1)
        builder.add("ask-id", "confirm", actor: Self.a1)
        builder.add("confirm", "ask-id", actor: Self.a1)
        builder.add("ask-id", "confirm", actor: Self.a1)
        builder.add("confirm", "ask-id", .override, actor: Self.a1, took: false)
        builder.add("ask-id", nil, .abandon, event: "hangup", outcome: .abandoned)
        var measurer = SessionMeasurer(catalog: catalog)
        let verdict = measurer.measure(builder.trace())
        #expect(verdict.deviationSummary(catalog) == ["override@5", "loop-bound(ask-id)@5", "abandoned@6"])
    }

    @Test func aMandatoryStateSkippedIsReportedOnceAtTheFirstStateItDominates() throws {
        // complain.phone: take-complaint is mandatory and dominates to-billing and what follows.
        let catalog = ConformanceFixture.catalog()
        var builder = TraceBuilder(catalog: catalog, flow: "complain.phone")
        builder.add(nil, "greet", .start, actor: Self.a1)
        builder.add("greet", "to-billing", .override, actor: Self.a1, took: false)
        builder.add("to-billing", "billing-review", event: "connected")
        builder.add("billing-review", "closing", actor: Self.b1)
        var measurer = SessionMeasurer(catalog: catalog)
        let verdict = measurer.measure(builder.trace(contactPoint: "P903"))
        #expect(verdict.deviationSummary(catalog) == ["override@2", "skipped-mandatory(take-complaint)@2"])
        // The subflow state `verify` is not mandatory and not visited: no deviation for it.
        #expect(verdict.tokens.missing == 1)
    }
}
