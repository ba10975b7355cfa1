import FlowConformance
import FlowModel
import Foundation
import Testing

/// The streaming aggregates: roll-ups from composite keys, merging, benchmarks.
@Suite struct TallyTests {
    static let catalog = ConformanceFixture.catalog()
    static func program(_ flow: String) -> Int32 {
        let program = ConformanceFixture.program(flow)
        return catalog.index(flow: program.id, version: program.version)!
    }
    static func id(_ name: String) -> Int32 { catalog.vocabulary.id(of: name) }

    /// A measured session, made by hand: who owned it, where, when, and how it went.
    static func verdict(
        flow: String = "demo.phone", code: String = "P901", agent: String = "A1", unit: String = "front-line",
        day: Day = Day(year: 2026, month: 11, day: 2), conforms: Bool = true, compliant: Bool = true,
        inspection: InspectionVerdict? = nil, variant: [String] = ["greet", "ask", "resolve", "done"]
    ) -> SessionVerdict {
        var verdict = SessionVerdict()
        verdict.program = program(flow)
        verdict.contactPoint = id(code)
        verdict.startedAt = Int64(day.number) * 86_400_000 + 3_600_000
        verdict.owner = SessionOwner(agent: id(agent), role: id("agent"), orgUnit: id(unit))
        verdict.conformsOnTrajectory = conforms
        verdict.compliant = compliant
        verdict.inspection = inspection
        if !conforms { verdict.deviations = [Deviation(.override, sequence: 3, program: verdict.program)] }
        verdict.tokens = TokenCounts(missing: conforms ? 0 : 1, consumed: 5, remaining: conforms ? 0 : 1, produced: 5)
        verdict.alignment = AlignmentCost(cost: conforms ? 0 : 1, denominator: 4)
        verdict.personSteps = [PersonStep(
            sequence: 1, program: verdict.program, state: 0, actor: id(agent), role: id("agent"), orgUnit: id(unit),
            failed: compliant ? [] : [.ownership])]
        verdict.nonConformingPersonSteps = compliant ? 0 : 1
        verdict.variant = variant.map { catalog.stateIndex(program: verdict.program, name: $0)! }
        return verdict
    }

    static let sessions: [SessionVerdict] = [
        verdict(),
        verdict(agent: "A2", conforms: false, compliant: false, inspection: .fail),
        verdict(day: Day(year: 2026, month: 11, day: 3), inspection: .pass),
        verdict(flow: "complain.phone", code: "P903", agent: "B1", unit: "billing-desk", day: Day(year: 2026, month: 11, day: 9), variant: ["greet", "verify", "sorry"]),
        verdict(flow: "demo.ivr", code: "V901", agent: "A3", day: Day(year: 2026, month: 12, day: 1), compliant: false, variant: ["menu", "goodbye"]),
    ]

    @Test func rollUpsSumTheCompositeKeys() {
        var tally = ConformanceTally()
        var calendar = PeriodCalendar()
        for verdict in Self.sessions { tally.add(verdict, day: calendar.day(of: verdict.startedAt)) }
        #expect(tally.total.sessions == 5)
        #expect(tally.total.compliant == 3)
        #expect(tally.total.trajectoryConforming == 4)
        #expect(tally.total.deviations.override == 1)
        #expect(tally.total.tokens == TokenCounts(missing: 1, consumed: 25, remaining: 1, produced: 25))
        #expect(tally.total.alignment == AlignmentCost(cost: 1, denominator: 20))

        let byMonth = tally.byMonth()
        #expect(byMonth[Month(year: 2026, month: 11)]?.sessions == 4)
        #expect(byMonth[Month(year: 2026, month: 12)]?.sessions == 1)
        let byWeek = tally.byWeek()
        #expect(byWeek[Week(year: 2026, week: 45)]?.sessions == 3)
        #expect(byWeek[Week(year: 2026, week: 46)]?.sessions == 1)
        #expect(tally.byDay()[Day(year: 2026, month: 11, day: 2)]?.complianceRate == 0.5)

        #expect(tally.byContactPoint()[Self.id("P901")]?.sessions == 3)
        #expect(tally.byAgent()[Self.id("A1")]?.sessions == 2)
        #expect(tally.byOrgUnit()[Self.id("front-line")]?.sessions == 4)
        #expect(tally.byProgram()[Self.program("demo.ivr")]?.sessions == 1)
        #expect(tally.byFlow(Self.catalog)[Self.id("demo.phone")]?.sessions == 3)
        #expect(tally.byBusiness(Self.catalog)[Self.id("demo")]?.sessions == 4)
        #expect(tally.byChannel(Self.catalog)[Self.id("phone")]?.sessions == 4)
        #expect(tally.byChannel(Self.catalog)[Self.id("ivr")]?.sessions == 1)
        // The centre counts the sessions of every unit under it; billing-dept those of billing-desk.
        let tree = tally.byOrgUnitIncludingBelow([Self.id("centre"), Self.id("billing-dept")], catalog: Self.catalog)
        #expect(tree[Self.id("centre")]?.sessions == 4)
        #expect(tree[Self.id("billing-dept")]?.sessions == 1)
        // A selection and a dimension at once: November's sessions by agent.
        let november = tally.rollUp(including: { $0.day.month == Month(year: 2026, month: 11) }, by: \.agent)
        #expect(november.values.reduce(0) { $0 + $1.sessions } == 4)
        #expect(november[Self.id("A3")] == nil)
        // Field use and agreement over the inspected two.
        #expect(tally.total.fieldUseRate == 0.5)
        #expect(tally.total.agreement == AgreementTable(passConforming: 1, passNotConforming: 0, failConforming: 0, failNotConforming: 1))
        #expect(tally.total.agreement.kappa == 1)
    }

    @Test func mergedTalliesEqualOneTallyOfEverything() {
        var whole = AuditTally(catalog: Self.catalog)
        var first = AuditTally(catalog: Self.catalog)
        var second = AuditTally(catalog: Self.catalog)
        for (index, verdict) in Self.sessions.enumerated() {
            whole.add(verdict)
            if index % 2 == 0 { first.add(verdict) } else { second.add(verdict) }
        }
        first.merge(second)
        #expect(first.conformance.counts == whole.conformance.counts)
        #expect(first.personSteps.counts == whole.personSteps.counts)
        let demo = Self.program("demo.phone")
        #expect(first.variants.variants(of: demo) == whole.variants.variants(of: demo))
        #expect(first.variants.variants(of: demo).map(\.count) == [3])
        #expect(first.variants.distinctCount == 3)
        #expect(first.coverage.sessions(of: demo) == 3)
        #expect(first.personSteps.byOrgUnit()[Self.id("billing-desk")]?.steps == 1)
        #expect(first.personSteps.total.failedOwnership == 2)
    }

    @Test func stateTimesMergeTheirHistograms() {
        var one = StateTimes(catalog: Self.catalog)
        var two = StateTimes(catalog: Self.catalog)
        let demo = Self.program("demo.phone")
        let ask = Self.catalog.stateIndex(program: demo, name: "ask")!
        for seconds in [10, 20, 30] { one.record(program: demo, state: ask, duration: Int64(seconds) * 1000) }
        for seconds in [40, 50, 60, 70, 80, 90, 100] { two.record(program: demo, state: ask, duration: Int64(seconds) * 1000) }
        one.merge(two)
        let summary = one.summary(program: demo, state: ask)
        #expect(summary?.visits == 10)
        let histogram = one.histogram(program: demo, state: ask)!
        #expect(histogram.valuesAreEquivalent(summary!.median, 50_000))
        #expect(histogram.valuesAreEquivalent(summary!.p90, 90_000))
        #expect(one.histogram(flow: "demo.phone", state: "ask")?.totalCount == 10)
        #expect(one.summary(program: demo, state: 0) == nil)
    }

    @Test func benchmarksComeFromTheCellElseTheMap() {
        let rates = ComplianceRates(flowMap: ConformanceFixture.flowMap, minSessions: 30)
        #expect(rates.benchmark(forCode: "P901") == 0.8)
        #expect(rates.benchmark(forCode: "V901") == 0.9)
        #expect(rates.benchmark(forCode: "P903") == 0.9)
    }

    @Test func aContactPointBelowItsBenchmarkWithEnoughSessionsIsFlagged() {
        func counts(sessions: Int, compliant: Int) -> ConformanceCounts {
            var counts = ConformanceCounts()
            counts.sessions = sessions
            counts.compliant = compliant
            return counts
        }
        let current: [Int32: ConformanceCounts] = [
            Self.id("P901"): counts(sessions: 40, compliant: 30),  // 0.75 < 0.8, 40 sessions: flagged
            Self.id("V901"): counts(sessions: 29, compliant: 10),  // far below, but too few sessions
            Self.id("P903"): counts(sessions: 100, compliant: 95),  // 0.95 ≥ 0.9
        ]
        let previous: [Int32: ConformanceCounts] = [Self.id("P901"): counts(sessions: 50, compliant: 45)]
        let rows = ComplianceRates(flowMap: ConformanceFixture.flowMap)
            .rates(current: current, previous: previous, vocabulary: Self.catalog.vocabulary)
        #expect(rows.map(\.contactPoint) == ["P901", "P903", "V901"])
        #expect(rows.map(\.flagged) == [true, false, false])
        #expect(rows[0].rate == 0.75)
        #expect(abs(rows[0].change! - -0.15) < 1e-12)
        #expect(rows[1].change == nil)
    }

    @Test func cohensKappaOfAKnownTable() {
        let table = AgreementTable(passConforming: 20, passNotConforming: 5, failConforming: 10, failNotConforming: 15)
        #expect(table.agreement == 0.7)
        #expect(abs(table.kappa! - 0.4) < 1e-12)
        #expect(AgreementTable().kappa == nil)
        #expect(AgreementTable(passConforming: 3).kappa == nil)
    }

    @Test func findingExamplesKeepTheFirstFewAndCountAll() throws {
        var examples = FindingExamples(limit: 1)
        let trace = SessionTrace(session: "x", number: 7, journey: "x", contactPoint: 0, channel: 0, steps: [])
        for verdict in Self.sessions { examples.collect(verdict, of: trace) }
        #expect(examples.deviationCounts.override == 1)
        #expect(examples.nonConformingSteps == 2)
        #expect(examples.steps.count == 1)
        #expect(examples.examples(of: .override).first?.number == 7)
        var other = FindingExamples(limit: 1)
        other.collect(Self.sessions[1], of: SessionTrace(session: "y", number: 3, journey: "y", contactPoint: 0, channel: 0, steps: []))
        examples.merge(other)
        #expect(examples.deviationCounts.override == 2)
        #expect(examples.examples(of: .override).map(\.number) == [3])
    }
}
