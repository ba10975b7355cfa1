import FlowConformance
import FlowModel
import FlowRuntime
import Foundation
import Testing

/// docs/auditing.md's worked example, figure by figure: the five sessions are played
/// through the real runtime (`Stepper`), logged, read back through the slow path and
/// measured.
@Suite struct WorkedExampleTests {
    static let a1 = People.agent("A1")
    static let a2 = People.agent("A2")
    static let a3 = People.agent("A3")
    static let a7 = People.agent("A7")

    /// The example's sessions, S1...S5, as the runtime logs them.
    static func sessions() throws -> [DrivenContact] {
        var s1 = try DrivenContact("demo.phone", id: "S1", agent: a1)
        try s1.send(.input("1"), at: 40, actor: a1)

        var s2 = try DrivenContact("demo.phone", id: "S2", agent: a2)
        try s2.send(.override(to: "done", reason: "customer-in-hurry"), at: 30, actor: a2)

        // The agent reports silence at 20 s; the state's SLA timer fires at 60 s; the
        // customer hangs up at 70 s.
        var s3 = try DrivenContact("demo.phone", id: "S3", agent: a1)
        try s3.send(.noInput, at: 20)
        try s3.send(.hangup, at: 70)

        var s4 = try DrivenContact("demo.phone", id: "S4", agent: a1)
        try s4.send(.input("2"), at: 50, actor: a1)
        try s4.send(.outcome("connected"), at: 200)
        try s4.send(.input("客户对账单有疑问，已说明"), at: 370, actor: a7)

        // The agent records the transfer as done outside the engine; nothing else happens
        // until the flow's ten-minute limit.
        var s5 = try DrivenContact("demo.phone", id: "S5", agent: a3)
        try s5.send(.recordStep(state: "transfer-billing", note: nil), at: 30, actor: a3)
        try s5.wait(until: 600)
        return [s1, s2, s3, s4, s5]
    }

    struct Measured {
        let catalog: NetCatalog
        let traces: [SessionTrace]
        let verdicts: [SessionVerdict]
        let tally: AuditTally
    }

    static func measured() throws -> Measured {
        let catalog = ConformanceFixture.catalog()
        let contacts = try sessions()
        let allEnded = contacts.allSatisfy { $0.ended }
        #expect(allEnded)
        let traces = try contacts.enumerated().map { try $1.trace(number: Int64($0 + 1), catalog: catalog) }
        let inspections: [InspectionVerdict?] = [.pass, nil, .fail, nil, nil]
        var measurer = SessionMeasurer(catalog: catalog)
        var tally = AuditTally(catalog: catalog)
        var verdicts: [SessionVerdict] = []
        for (trace, inspection) in zip(traces, inspections) {
            let verdict = measurer.measure(trace, inspection: inspection)
            tally.add(verdict)
            verdicts.append(verdict)
        }
        return Measured(catalog: catalog, traces: traces, verdicts: verdicts, tally: tally)
    }

    /// `sequence: from→to trigger actor seconds`, as the doc's table shows records.
    static func table(_ trace: SessionTrace, _ catalog: NetCatalog) -> [String] {
        let names = catalog.net(trace.program).stateNames
        return trace.steps.map { step in
            let from = step.from >= 0 ? names[Int(step.from)] : "start"
            let to = step.to >= 0 ? names[Int(step.to)] : "✗"
            let actor = catalog.vocabulary.name(step.actor).map { " \($0)" } ?? ""
            let seconds = (step.leftAt - trace.startedAt) / 1000
            return "\(step.sequence) \(from)→\(to) \(step.trigger.rawValue)\(actor) \(seconds)"
        }
    }

    @Test func theRuntimeLogsTheExamplesRecords() throws {
        let m = try Self.measured()
        let tables = m.traces.map { Self.table($0, m.catalog) }
        #expect(tables[0] == ["1 start→greet start A1 0", "2 greet→ask event A1 0", "3 ask→resolve event A1 40", "4 resolve→done event A1 40"])
        #expect(tables[1] == ["1 start→greet start A2 0", "2 greet→ask event A2 0", "3 ask→done override A2 30"])
        #expect(tables[2] == [
            "1 start→greet start A1 0", "2 greet→ask event A1 0", "3 ask→ask retry 20", "4 ask→ask timer 60", "5 ask→hung-up handler 70",
        ])
        #expect(tables[3] == [
            "1 start→greet start A1 0", "2 greet→ask event A1 0", "3 ask→transfer-billing event A1 50",
            "4 transfer-billing→billing-explain event 200", "5 billing-explain→resolve event A7 370", "6 resolve→done event A7 370",
        ])
        #expect(tables[4] == [
            "1 start→greet start A3 0", "2 greet→ask event A3 0", "3 ask→transfer-billing outside A3 30", "4 transfer-billing→✗ abandon 600",
        ])
        // The reason code and the events the table names.
        let vocabulary = m.catalog.vocabulary
        #expect(vocabulary.name(m.traces[1].steps[2].reason) == "customer-in-hurry")
        #expect(vocabulary.name(m.traces[2].steps[2].event) == "no-input")
        #expect(vocabulary.name(m.traces[2].steps[3].event) == "sla-expired")
        #expect(vocabulary.name(m.traces[2].steps[4].event) == "hangup")
        #expect(vocabulary.name(m.traces[3].steps[3].event) == "connected")
        #expect(vocabulary.name(m.traces[4].steps[3].event) == "flow-timeout")
        #expect(m.traces[2].steps[3].isAnnotation)
    }

    @Test func theNetHasTheDesignedMovesTheShortestRunAndTheDominators() throws {
        let catalog = ConformanceFixture.catalog()
        let program = ConformanceFixture.program("demo.phone")
        let net = catalog.net(catalog.index(flow: program.id, version: program.version)!)
        let labels = Set((0..<Int32(net.moveCount)).map { net.label(ofMove: $0) })
        #expect(labels == [
            "greet->ask", "ask->resolve", "ask->transfer-billing", "ask->ask", "transfer-billing->billing-explain",
            "transfer-billing->resolve", "billing-explain->resolve", "billing-explain->billing-explain", "resolve->done",
            "greet->hung-up", "ask->hung-up", "transfer-billing->hung-up", "billing-explain->hung-up", "resolve->hung-up",
        ])
        #expect(net.moveCount == 14)
        #expect(net.shortestRun == 1)
        #expect(net.dominators(of: net.index("done")) == ["greet", "ask", "resolve", "done"])
        #expect(net.dominators(of: net.index("hung-up")) == ["greet", "hung-up"])
        #expect(net.mandatoryStates.map { net.stateNames[Int($0)] } == ["ask", "resolve"])
        #expect(net.flowSLA == 300_000)
        #expect(net.stateSLA[Int(net.index("ask"))] == 60_000)
    }

    @Test func deviationsAreTypedAndLocated() throws {
        let m = try Self.measured()
        let found = m.verdicts.map { $0.deviationSummary(m.catalog) }
        #expect(found[0] == [])
        #expect(found[1] == ["override@3", "skipped-mandatory(resolve)@3"])
        #expect(found[2] == ["state-sla(ask)@5"])
        #expect(found[3] == ["flow-sla@6"])
        #expect(found[4] == ["outside-step@3", "abandoned@4", "flow-sla@4"])
        #expect(m.verdicts[2].deviations.first?.kind == .stateSLA(state: m.catalog.stateIndex(program: m.verdicts[2].program, name: "ask")!, duration: 70_000))
        #expect(m.verdicts[3].deviations.first?.kind == .flowSLA(handlingTime: 370_000))
        #expect(m.verdicts[4].deviations.last?.kind == .flowSLA(handlingTime: 600_000))
        #expect(m.verdicts.map(\.handlingTime) == [40_000, 30_000, 70_000, 370_000, 600_000])
    }

    @Test func trajectoryConformanceIsThreeOfFive() throws {
        let m = try Self.measured()
        #expect(m.verdicts.map(\.conformsOnTrajectory) == [true, false, true, true, false])
        #expect(m.tally.conformance.total.trajectoryConforming == 3)
        #expect(m.tally.conformance.total.trajectoryRate == 0.6)
    }

    @Test func tokenReplayCountsAndLogFitness() throws {
        let m = try Self.measured()
        #expect(m.verdicts.map(\.tokens) == [
            TokenCounts(missing: 0, consumed: 5, remaining: 0, produced: 5),
            TokenCounts(missing: 1, consumed: 2, remaining: 1, produced: 2),
            TokenCounts(missing: 0, consumed: 5, remaining: 0, produced: 5),
            TokenCounts(missing: 0, consumed: 7, remaining: 0, produced: 7),
            TokenCounts(missing: 1, consumed: 3, remaining: 1, produced: 3),
        ])
        #expect(m.verdicts.map { ($0.tokens.fitness * 10_000).rounded() / 10_000 } == [1, 0.5, 1, 1, 0.6667])
        let total = m.tally.conformance.total.tokens
        #expect(total == TokenCounts(missing: 2, consumed: 22, remaining: 2, produced: 22))
        #expect(abs(total.fitness - 10.0 / 11.0) < 1e-12)
    }

    @Test func alignmentCostsAndLogFitness() throws {
        let m = try Self.measured()
        #expect(m.verdicts.map(\.alignment) == [
            AlignmentCost(cost: 0, denominator: 4), AlignmentCost(cost: 2, denominator: 3),
            AlignmentCost(cost: 0, denominator: 4), AlignmentCost(cost: 0, denominator: 6),
            AlignmentCost(cost: 1, denominator: 3),
        ])
        let total = m.tally.conformance.total.alignment
        #expect(total == AlignmentCost(cost: 3, denominator: 20))
        #expect(abs(total.fitness - 0.85) < 1e-12)
    }

    @Test func organisationalConformanceIsSixteenOfSeventeen() throws {
        let m = try Self.measured()
        #expect(m.verdicts.map(\.personSteps.count) == [4, 3, 2, 5, 3])
        let failing = m.verdicts.flatMap { verdict in verdict.personSteps.filter { !$0.conforms }.map { (verdict.session, $0) } }
        #expect(failing.count == 1)
        let (session, step) = try #require(failing.first)
        #expect(session == 4)
        #expect(step.sequence == 5)
        #expect(step.failed == [.performer, .transferTarget])
        #expect(m.catalog.vocabulary.name(step.actor) == "A7")
        #expect(m.catalog.net(step.program).stateNames[Int(step.state)] == "billing-explain")
        // The outside step performs the state it recorded: transfer-billing, no performers.
        let outside = try #require(m.verdicts[4].personSteps.first { $0.sequence == 3 })
        #expect(m.catalog.net(outside.program).stateNames[Int(outside.state)] == "transfer-billing")
        #expect(outside.conforms)
        let counts = m.tally.conformance.total
        #expect(counts.personSteps == 17)
        #expect(counts.conformingPersonSteps == 16)
        // By the acting person: A7's one step fails; A1's seven conform.
        let vocabulary = m.catalog.vocabulary
        let byAgent = m.tally.personSteps.byAgent()
        #expect(byAgent[vocabulary.existingID(of: "A7")!]?.steps == 2)
        #expect(byAgent[vocabulary.existingID(of: "A7")!]?.conforming == 1)
        #expect(byAgent[vocabulary.existingID(of: "A1")!]?.rate == 1)
        #expect(m.tally.personSteps.total.failedPerformer == 1)
        #expect(m.tally.personSteps.total.failedTransferTarget == 1)
        #expect(m.tally.personSteps.total.failedOwnership == 0)
        // Owners: the first person of each session.
        #expect(m.verdicts.map { vocabulary.name($0.owner.agent) } == ["A1", "A2", "A1", "A1", "A3"])
    }

    @Test func fieldUseAndAgreement() throws {
        let m = try Self.measured()
        let counts = m.tally.conformance.total
        #expect(counts.inspected == 2)
        #expect(counts.fieldUseRate == 0.5)
        #expect(counts.agreement == AgreementTable(passConforming: 1, passNotConforming: 0, failConforming: 1, failNotConforming: 0))
        #expect(counts.agreement.agreement == 0.5)
        #expect(counts.agreement.kappa == 0)
    }

    @Test func complianceIsOneOfFive() throws {
        let m = try Self.measured()
        #expect(m.verdicts.map(\.compliant) == [true, false, false, false, false])
        #expect(m.verdicts.map(\.withinFlowSLA) == [true, true, true, false, false])
        #expect(m.tally.conformance.total.complianceRate == 0.2)
        // By contact point, against the cell's benchmark (0.8): 1 of 5 is below, but five
        // sessions are too few to flag at the default minimum of 30.
        let rates = ComplianceRates(flowMap: ConformanceFixture.flowMap)
            .rates(current: m.tally.conformance.byContactPoint(), vocabulary: m.catalog.vocabulary)
        #expect(rates.map(\.contactPoint) == ["P901"])
        #expect(rates.first?.rate == 0.2)
        #expect(rates.first?.benchmark == 0.8)
        #expect(rates.first?.flagged == false)
        let strict = ComplianceRates(flowMap: ConformanceFixture.flowMap, minSessions: 5)
            .rates(current: m.tally.conformance.byContactPoint(), vocabulary: m.catalog.vocabulary)
        #expect(strict.first?.flagged == true)
    }

    @Test func fiveVariantsOfTwentyPercentEach() throws {
        let m = try Self.measured()
        let program = m.verdicts[0].program
        let variants = m.tally.variants.variants(of: program)
        #expect(variants.count == 5)
        #expect(variants.allSatisfy { $0.count == 1 })
        #expect(m.tally.variants.sessions(of: program) == 5)
        #expect(Set(variants.map { $0.text(catalog: m.catalog) }) == [
            "greet → ask → resolve → done", "greet → ask → done", "greet → ask → ask → hung-up",
            "greet → ask → transfer-billing → billing-explain → resolve → done", "greet → ask → transfer-billing → ✗",
        ])
    }

    @Test func timeInAskHasAMedianOf40sAndA90thPercentileOf70s() throws {
        let m = try Self.measured()
        let program = m.verdicts[0].program
        let ask = m.catalog.stateIndex(program: program, name: "ask")!
        let visits = m.verdicts.flatMap { $0.visits.filter { $0.state == ask }.map(\.duration) }
        #expect(visits == [40_000, 30_000, 70_000, 50_000, 30_000])
        let summary = try #require(m.tally.stateTimes.summary(program: program, state: ask))
        let histogram = try #require(m.tally.stateTimes.histogram(program: program, state: ask))
        #expect(summary.visits == 5)
        // HDR histograms answer with the highest value equivalent at 3 digits: within 0.1%.
        #expect(histogram.valuesAreEquivalent(summary.median, 40_000))
        #expect(histogram.valuesAreEquivalent(summary.p90, 70_000))
        #expect(abs(Double(summary.median) - 40_000) <= 40)
    }

    @Test func coverageListsWhatNoSessionUsed() throws {
        let m = try Self.measured()
        let program = m.verdicts[0].program
        #expect(m.tally.coverage.unusedStates(of: program) == [])
        #expect(Set(m.tally.coverage.unusedMoves(of: program)) == [
            "transfer-billing->resolve", "billing-explain->billing-explain", "greet->hung-up", "transfer-billing->hung-up",
            "billing-explain->hung-up", "resolve->hung-up",
        ])
        let missing = m.tally.coverage.contactPointsWithoutSessions(in: ConformanceFixture.flowMap, vocabulary: m.catalog.vocabulary)
        #expect(missing.map(\.code).sorted() == ["P902", "P903", "V901"])
    }
}
