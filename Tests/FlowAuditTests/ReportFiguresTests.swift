import FlowAudit
import FlowConformance
import FlowModel
import Foundation
import Testing

/// The monthly report's figures (report.json) for docs/auditing.md's worked example,
/// every one computed by hand in the doc.
@Suite struct ReportFiguresTests {
    @Test func theHeadlineHoldsTheFourMeasurementsOfTheWorkedExample() throws {
        let figures = try ReportFixture.novemberReport().figures()
        #expect(figures.month == "2026-11")
        #expect(figures.timeZone == "UTC")
        #expect(figures.flowMap == "审计样例 (Audit examples)")
        let m = figures.headline.measures
        #expect(m.sessions == 5)
        #expect(m.compliant == 1)
        #expect(m.complianceRate == 0.2)
        #expect(m.trajectoryConforming == 3)
        #expect(m.trajectoryRate == 0.6)
        #expect(abs(m.tokenFitness! - 10.0 / 11.0) < 1e-12)
        #expect(abs(m.alignmentFitness! - 0.85) < 1e-12)
        #expect(m.personSteps == 17)
        #expect(m.conformingPersonSteps == 16)
        #expect(m.inspected == 2)
        #expect(m.inspectionPass == 1)
        #expect(m.fieldUseRate == 0.5)
        // Handling times 40, 30, 70, 370 and 600 s; the flow's SLA is 300 s.
        #expect(m.withinFlowSLA == 3)
        #expect(m.averageHandlingTime == 222)
        #expect(m.deviations == [
            "override": 1, "outside-step": 1, "skipped-mandatory": 1, "abandoned": 1, "loop-bound": 0, "state-sla": 1,
            "flow-sla": 2,
        ])
        #expect(m.deviationTotal == 7)
        #expect(figures.headline.benchmark == 0.9)
        let agreement = try #require(figures.headline.agreement)
        #expect(agreement.passConforming == 1)
        #expect(agreement.failConforming == 1)
        #expect(agreement.passNotConforming == 0)
        #expect(agreement.failNotConforming == 0)
        #expect(agreement.agreement == 0.5)
        #expect(agreement.kappa == 0)
        // Five sessions are fewer than the default 30: nothing is flagged.
        #expect(figures.headline.flaggedContactPoints == 0)
        #expect(figures.headline.flaggedCells == 0)
        #expect(figures.worstContactPoints == [])
    }

    @Test func everyDayOfTheMonthIsListedAndTheSessionsFallOnTheSecond() throws {
        let figures = try ReportFixture.novemberReport().figures()
        #expect(figures.days.count == 30)
        #expect(figures.days.first?.date == "2026-11-01")
        #expect(figures.days.last?.date == "2026-11-30")
        let busy = figures.days.filter { $0.measures.sessions > 0 }
        #expect(busy.map(\.date) == ["2026-11-02"])
        #expect(busy.first?.measures.complianceRate == 0.2)
        #expect(figures.days[0].measures.complianceRate == nil)
        #expect(figures.months.map(\.month) == ["2026-11"])
    }

    @Test func theFlowMapCellsCarryTheirCodesBenchmarksAndRates() throws {
        let figures = try ReportFixture.novemberReport().figures()
        #expect(figures.matrix.channels.map(\.id) == ["phone", "ivr"])
        #expect(figures.matrix.rows.map(\.business.id) == ["demo", "check", "complain"])
        let demoPhone = figures.matrix.rows[0].cells[0]
        #expect(demoPhone.status == "flow")
        #expect(demoPhone.flow == "demo.phone")
        #expect(demoPhone.codes == ["P901"])
        #expect(demoPhone.benchmark == 0.8)
        #expect(demoPhone.measures.sessions == 5)
        #expect(demoPhone.measures.complianceRate == 0.2)
        #expect(!demoPhone.flagged)
        let demoIVR = figures.matrix.rows[0].cells[1]
        #expect(demoIVR.codes == ["V901"])
        #expect(demoIVR.benchmark == 0.9)
        #expect(demoIVR.measures.sessions == 0)
        let checkIVR = figures.matrix.rows[1].cells[1]
        #expect(checkIVR.status == "not-offered")
        #expect(checkIVR.reason == "样例")
        #expect(checkIVR.benchmark == nil)
    }

    @Test func withFiveSessionsEnoughTheCellAndItsContactPointAreFlagged() throws {
        let figures = try ReportFixture.novemberReport(minSessions: 5).figures()
        #expect(figures.headline.flaggedCells == 1)
        #expect(figures.headline.flaggedContactPoints == 1)
        #expect(figures.matrix.rows[0].cells[0].flagged)
        #expect(figures.worstContactPoints == ["P901"])
        let sixNeeded = try ReportFixture.novemberReport(minSessions: 6).figures()
        #expect(sixNeeded.headline.flaggedCells == 0)
    }

    @Test func contactPointsAreTheMapsOfferedOnesWithTheirFigures() throws {
        let figures = try ReportFixture.novemberReport().figures()
        #expect(figures.contactPoints.map(\.code) == ["P901", "P902", "P903", "V901"])
        let p901 = figures.contactPoints[0]
        #expect(p901.business == "demo")
        #expect(p901.channel == "phone")
        #expect(p901.flow == "demo.phone")
        #expect(p901.inMap)
        #expect(p901.benchmark == 0.8)
        #expect(p901.measures.sessions == 5)
        #expect(p901.measures.deviationTotal == 7)
        #expect(figures.contactPoints[3].measures.sessions == 0)
        #expect(figures.contactPoints[3].flow == "demo.ivr")
        #expect(figures.deviations.topContactPoints.map(\.code) == ["P901"])
        #expect(figures.deviations.byType.map(\.type) == [
            "override", "outside-step", "skipped-mandatory", "abandoned", "loop-bound", "state-sla", "flow-sla",
        ])
        #expect(figures.deviations.byType.map(\.count) == [1, 1, 1, 1, 0, 1, 2])
    }

    @Test func personStepsAreCountedForTheActingPerson() throws {
        let organisation = try ReportFixture.novemberReport().figures().organisation
        #expect(organisation.total.steps == 17)
        #expect(organisation.total.nonConforming == 1)
        // S4's step 5 by A7 fails the performer and the transfer-target checks.
        #expect(organisation.total.failedPerformer == 1)
        #expect(organisation.total.failedTransferTarget == 1)
        #expect(organisation.total.failedOwnership == 0)
        #expect(organisation.byOrgUnit.map(\.id) == ["front-line"])
        #expect(organisation.byOrgUnit[0].name == "一线座席组")
        #expect(organisation.byRole.map(\.id) == ["agent"])
        #expect(organisation.byRole[0].name == "座席员")
        // A7 first (the one failing step), then by id; S1 4 + S3 2 + S4 3 steps are A1's.
        #expect(organisation.byAgent.map(\.id) == ["A7", "A1", "A2", "A3"])
        #expect(organisation.byAgent.map(\.steps) == [2, 9, 3, 3])
        #expect(organisation.byAgent[0].rate == 0.5)
    }

    @Test func coverageNamesWhatNoSessionUsed() throws {
        let coverage = try ReportFixture.novemberReport().figures().coverage
        let demo = try #require(coverage.flowVersions.first { $0.flow == "demo.phone" })
        #expect(demo.sessions == 5)
        #expect(demo.unusedStates == [])
        #expect(Set(demo.unusedMoves) == [
            "transfer-billing->resolve", "billing-explain->billing-explain", "greet->hung-up", "transfer-billing->hung-up",
            "billing-explain->hung-up", "resolve->hung-up",
        ])
        let ivr = try #require(coverage.flowVersions.first { $0.flow == "demo.ivr" })
        #expect(ivr.sessions == 0)
        #expect(ivr.unusedStates.count == ivr.states)
        #expect(coverage.contactPointsWithoutSessions == ["P902", "P903", "V901"])
    }

    @Test func examplesNameTheirRecordsAndPages() throws {
        let examples = try ReportFixture.novemberReport().figures().examples
        let summary = examples.deviations.map { "\($0.type)@\($0.session):\($0.sequence)" + ($0.state.map { "(\($0))" } ?? "") }
        #expect(summary == [
            "override@S2:3", "outside-step@S5:3", "skipped-mandatory@S2:3(resolve)", "abandoned@S5:4", "state-sla@S3:5(ask)",
            "flow-sla@S4:6", "flow-sla@S5:4",
        ])
        #expect(examples.deviations.allSatisfy { $0.page == "sessions/\($0.session).html" })
        #expect(examples.nonConformingStepTotal == 1)
        let step = try #require(examples.nonConformingSteps.first)
        #expect(step.session == "S4")
        #expect(step.sequence == 5)
        #expect(step.state == "billing-explain")
        #expect(step.agent == "A7")
        #expect(step.orgUnit == "front-line")
        #expect(step.failed == ["performer", "transfer-target"])
    }

    @Test func sessionsOfOtherMonthsAreLeftOut() throws {
        let november = try ReportFixture.workedExample()
        let december = try ReportFixture.workedExample(at: ReportFixture.nine(2026, 12, 1), prefix: "D")
        let measured = try ReportFixture.measure(november + Array(december.prefix(2)))
        let report = MonthlyReport(
            month: Month(year: 2026, month: 11), timeZone: ReportFixture.utc, flowMap: ReportFixture.flowMap,
            catalog: measured.catalog, tally: measured.tally, examples: measured.examples)
        let figures = report.figures()
        #expect(figures.headline.measures.sessions == 5)
        #expect(figures.contactPoints[0].measures.sessions == 5)
        #expect(figures.organisation.total.steps == 17)
    }
}
