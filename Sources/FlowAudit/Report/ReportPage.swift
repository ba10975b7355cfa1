import FlowModel
import Foundation
import Mustache

/// index.html: the month's figures as one self-contained page (inline CSS and SVG), made
/// from `ReportFigures` through the Mustache template in `ReportTemplates`. Every name is
/// HTML-escaped by the template.
struct ReportPage {
    let figures: ReportFigures
    let flowMap: FlowMap
    /// How many agents the page lists (report.json lists all).
    static let agentsShown = 20

    func render() -> String {
        ReportTemplates.library.render(view, withTemplate: "index") ?? ""
    }

    // MARK: The view

    struct Card {
        var english: String
        var chinese: String
        var value: String
        var detail: String
    }

    struct Heat {
        var channels: [Header]
        var rows: [HeatRow]
    }

    struct Header {
        var name: String
        var code: String
    }

    struct HeatRow {
        var name: String
        var code: String
        var cells: [HeatCell]
    }

    struct HeatCell {
        /// `good`, `near`, `below`, `plain`, `idle`, `off`, `blind`.
        var tone: String
        var rate: String
        var detail: String
        var change: String
        var flagged: Bool
        var codes: String
    }

    struct DeviationType {
        var type: String
        var chinese: String
        var count: Int
        var breaksTrajectory: Bool
        var examples: [Example]
    }

    struct Example {
        var session: String
        var link: String?
        var at: String
    }

    struct PointRow {
        var code: String
        var business: String
        var channel: String
        var brand: String
        var flow: String
        var sessions: Int
        var rate: String
        var benchmark: String
        var change: String
        var trajectory: String
        var tokens: String
        var alignment: String
        var personSteps: String
        var fieldUse: String
        var deviations: Int
        var flagged: Bool
    }

    struct TopDeviations {
        var code: String
        var total: Int
        var sessions: Int
        var breakdown: String
    }

    struct PersonRow {
        var id: String
        var name: String
        var steps: Int
        var nonConforming: Int
        var rate: String
        var performer: Int
        var transferTarget: Int
        var ownership: Int
    }

    struct StepRow {
        var session: String
        var link: String?
        var sequence: Int
        var state: String
        var agent: String
        var failed: String
    }

    struct CoverageRow {
        var flow: String
        var version: String
        var sessions: Int
        var unusedStates: String
        var unusedMoves: String
        var unusedCount: String
    }

    struct View {
        var title: String
        var month: String
        var flowMap: String
        var timeZone: String
        var minSessions: Int
        var cards: [Card]
        var agreement: AgreementFigures?
        var agreementText: String
        var kappaText: String
        var heat: Heat
        var dayChart: TrendChart
        var monthChart: TrendChart
        var earlierMonths: Int
        var deviationTypes: [DeviationType]
        var topDeviations: [TopDeviations]
        var worst: [PointRow]
        var points: [PointRow]
        var units: [PersonRow]
        var roles: [PersonRow]
        var agents: [PersonRow]
        var agentCount: Int
        var agentsShown: Int
        var steps: [StepRow]
        var stepTotal: Int
        var coverage: [CoverageRow]
        var idle: String
        var idleCount: Int
        var flows: [FlowSection]
    }

    var view: View {
        let m = figures.headline.measures
        let cards = [
            Card(
                english: "Flow compliance rate", chinese: "流程规范率", value: ReportText.percent(m.complianceRate),
                detail: "\(m.compliant) of \(m.sessions) sessions; benchmark 标杆值 \(ReportText.percent(figures.headline.benchmark))"),
            Card(
                english: "Trajectory conformance", chinese: "运用轨迹", value: ReportText.percent(m.trajectoryRate),
                detail: "\(m.trajectoryConforming) of \(m.sessions) sessions on the designed path"),
            Card(
                english: "Token-replay fitness", chinese: "令牌重放拟合度", value: ReportText.fraction(m.tokenFitness),
                detail: "½(1 − missing/consumed) + ½(1 − remaining/produced)"),
            Card(
                english: "Alignment fitness", chinese: "对齐拟合度", value: ReportText.fraction(m.alignmentFitness),
                detail: "1 − cost / (trace length + shortest run)"),
            Card(
                english: "Organisational conformance", chinese: "组织符合度", value: ReportText.percent(m.personStepRate),
                detail: "\(m.conformingPersonSteps) of \(m.personSteps) person-steps"),
            Card(
                english: "Field-use rate", chinese: "实地运用", value: ReportText.percent(m.fieldUseRate),
                detail: m.inspected > 0 ? "\(m.inspectionPass) of \(m.inspected) inspected sessions pass" : "no session inspected"),
            Card(
                english: "Within the flow's SLA", chinese: "流程时限内", value: ReportText.percent(m.flowSLARate),
                detail: "average handling time 平均处理时长 \(ReportText.seconds(m.averageHandlingTime))"),
            Card(
                english: "Flagged", chinese: "低于标杆值", value: "\(figures.headline.flaggedCells) / \(figures.headline.flaggedContactPoints)",
                detail: "cells / contact points below benchmark with ≥ \(figures.minSessions) sessions"),
        ]
        let dayLabels = figures.days.map(\.date)
        let dayTicks = figures.days.map { day -> String in
            let number = Int(day.date.suffix(2)) ?? 0
            return number == 1 || number % 5 == 0 ? String(number) : ""
        }
        let shownMonths = Array(figures.months.suffix(13))
        let agents = figures.organisation.byAgent
        return View(
            title: "流程报表 Monthly flow report \(figures.month)", month: figures.month, flowMap: figures.flowMap,
            timeZone: figures.timeZone, minSessions: figures.minSessions, cards: cards, agreement: figures.headline.agreement,
            agreementText: ReportText.percent(figures.headline.agreement?.agreement),
            kappaText: figures.headline.agreement.map { $0.kappa.map { String(format: "%.3f", $0) } ?? "not defined (不适用)" } ?? "",
            heat: heat(),
            dayChart: TrendChart(
                title: "By day of the month 按日趋势", labels: dayLabels, tickLabels: dayTicks,
                series: Self.series(figures.days.map(\.measures)), benchmark: figures.headline.benchmark),
            monthChart: TrendChart(
                title: "Month over month 月度趋势", labels: shownMonths.map(\.month), tickLabels: shownMonths.map(\.month),
                series: Self.series(shownMonths.map(\.measures)), benchmark: figures.headline.benchmark),
            earlierMonths: figures.months.count - 1,
            deviationTypes: deviationTypes(), topDeviations: figures.deviations.topContactPoints.map { top in
                TopDeviations(
                    code: top.code, total: top.total, sessions: top.sessions,
                    breakdown: ReportCSV.deviationColumns.compactMap { type in
                        let count = top.byType[type] ?? 0
                        return count > 0 ? "\(type) \(count)" : nil
                    }.joined(separator: ", "))
            },
            worst: figures.worstContactPoints.compactMap { code in figures.contactPoints.first { $0.code == code } }.map(Self.pointRow),
            points: figures.contactPoints.map(Self.pointRow),
            units: figures.organisation.byOrgUnit.map(Self.personRow), roles: figures.organisation.byRole.map(Self.personRow),
            agents: agents.prefix(Self.agentsShown).map(Self.personRow), agentCount: agents.count,
            agentsShown: min(agents.count, Self.agentsShown),
            steps: figures.examples.nonConformingSteps.map { step in
                StepRow(
                    session: step.session, link: step.page, sequence: step.sequence, state: step.state ?? "–",
                    agent: [step.agent, step.role, step.orgUnit].compactMap { $0 }.joined(separator: " / "),
                    failed: step.failed.map { "\($0) \(ReportText.checkChinese[$0] ?? "")" }.joined(separator: ", "))
            },
            stepTotal: figures.examples.nonConformingStepTotal,
            coverage: figures.coverage.flowVersions.map { version in
                CoverageRow(
                    flow: version.flow, version: String(version.version.prefix(12)), sessions: version.sessions,
                    unusedStates: version.unusedStates.joined(separator: ", "),
                    unusedMoves: version.unusedMoves.joined(separator: ", "),
                    unusedCount: "\(version.unusedStates.count) of \(version.states) states, \(version.unusedMoves.count) of \(version.moves) moves")
            },
            idle: figures.coverage.contactPointsWithoutSessions.joined(separator: ", "),
            idleCount: figures.coverage.contactPointsWithoutSessions.count, flows: Self.flowSections(figures.flows ?? []))
    }

    static func series(_ measures: [Measures]) -> [TrendChart.Input] {
        [
            .init(name: "compliance 流程规范率", colour: "#1f4e79", dash: "none", width: 2.5, values: measures.map(\.complianceRate)),
            .init(name: "trajectory 运用轨迹", colour: "#2e7d32", dash: "6 3", values: measures.map(\.trajectoryRate)),
            .init(name: "organisation 组织符合度", colour: "#b35900", dash: "2 3", values: measures.map(\.personStepRate)),
            .init(name: "field use 实地运用", colour: "#7b1fa2", dash: "8 3 2 3", values: measures.map(\.fieldUseRate)),
            .init(name: "token fitness 令牌拟合度", colour: "#555555", dash: "1 2", values: measures.map(\.tokenFitness)),
            .init(name: "alignment fitness 对齐拟合度", colour: "#00838f", dash: "10 4", values: measures.map(\.alignmentFitness)),
        ]
    }

    private func heat() -> Heat {
        Heat(
            channels: figures.matrix.channels.map { Header(name: $0.name, code: $0.code) },
            rows: figures.matrix.rows.map { row in
                HeatRow(name: row.business.name, code: row.business.code, cells: row.cells.map(Self.heatCell))
            })
    }

    static func heatCell(_ cell: CellFigures) -> HeatCell {
        let m = cell.measures
        var tone: String
        var rate = ReportText.percent(m.complianceRate)
        var detail: String
        switch cell.status {
        case "not-offered":
            tone = "off"
            rate = "not offered 未开通"
            detail = cell.reason ?? ""
        case "unassigned", "no-cell":
            tone = "blind"
            rate = "blind spot 管理盲点"
            detail = ""
        default:
            detail = "\(cell.flow ?? "") · \(m.sessions) sessions · 标杆 \(ReportText.percent(cell.benchmark))"
            if let value = m.complianceRate, let benchmark = cell.benchmark {
                tone = value >= benchmark ? "good" : (benchmark - value <= 0.05 ? "near" : "below")
            } else {
                tone = m.sessions > 0 ? "plain" : "idle"
            }
            if m.sessions == 0 { rate = "no traffic 无话务" }
        }
        return HeatCell(
            tone: tone, rate: rate, detail: detail, change: ReportText.change(cell.change), flagged: cell.flagged,
            codes: cell.codes.joined(separator: " "))
    }

    private func deviationTypes() -> [DeviationType] {
        figures.deviations.byType.map { type in
            DeviationType(
                type: type.type, chinese: ReportText.deviationChinese[type.type] ?? "", count: type.count,
                breaksTrajectory: type.breaksTrajectory,
                examples: figures.examples.deviations.filter { $0.type == type.type }.map { example in
                    Example(
                        session: example.session, link: example.page,
                        at: "record \(example.sequence)" + (example.state.map { " (\($0))" } ?? ""))
                })
        }
    }

    static func pointRow(_ point: ContactPointFigures) -> PointRow {
        let m = point.measures
        return PointRow(
            code: point.code, business: point.business, channel: point.channel, brand: point.brand, flow: point.flow ?? "–",
            sessions: m.sessions, rate: ReportText.percent(m.complianceRate), benchmark: ReportText.percent(point.benchmark),
            change: ReportText.change(point.change), trajectory: ReportText.percent(m.trajectoryRate),
            tokens: ReportText.fraction(m.tokenFitness), alignment: ReportText.fraction(m.alignmentFitness),
            personSteps: ReportText.percent(m.personStepRate), fieldUse: ReportText.percent(m.fieldUseRate),
            deviations: m.deviationTotal, flagged: point.flagged)
    }

    static func personRow(_ person: PersonStepFigures) -> PersonRow {
        PersonRow(
            id: person.id, name: person.name ?? "", steps: person.steps, nonConforming: person.nonConforming,
            rate: ReportText.percent(person.rate), performer: person.failedPerformer,
            transferTarget: person.failedTransferTarget, ownership: person.failedOwnership)
    }
}
