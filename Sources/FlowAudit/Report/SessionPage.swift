import FlowConformance
import FlowRuntime
import Foundation

/// The page of one example session (`sessions/S4.html`): its path record by record, with
/// the deviations and the failed person-step checks found at each record.
struct SessionPage {
    let trace: SessionTrace
    let verdict: SessionVerdict
    let catalog: NetCatalog
    let timeZone: TimeZone
    let month: String

    var path: String { MonthlyReport.pagePath(session: trace.session, number: trace.number) }

    func render() -> String {
        ReportTemplates.library.render(view, withTemplate: "session") ?? ""
    }

    struct Row {
        var sequence: Int32
        var depth: Int16
        var flow: String
        var from: String
        var to: String
        var trigger: String
        var cause: String
        var person: String
        var offset: String
        var time: String
        var findings: [String]
        var flagged: Bool
    }

    struct Finding {
        var type: String
        var chinese: String
        var sequence: Int32
        var detail: String
    }

    struct View {
        var title: String
        var session: String
        var number: Int64
        var month: String
        var contactPoint: String
        var flow: String
        var version: String
        var started: String
        var outcome: String
        var handlingTime: String
        var trajectory: String
        var compliant: String
        var inspection: String
        var tokenFitness: String
        var alignmentFitness: String
        var variant: String
        var rows: [Row]
        var deviations: [Finding]
        var steps: [Finding]
        var hasDeviations: Bool
        var hasSteps: Bool
    }

    var view: View {
        let vocabulary = catalog.vocabulary
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        func time(_ milliseconds: Int64) -> String {
            formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        }
        func stateName(_ program: Int32, _ state: Int32) -> String? {
            guard program >= 0, Int(program) < catalog.count, state >= 0 else { return nil }
            let names = catalog.net(program).stateNames
            return Int(state) < names.count ? names[Int(state)] : nil
        }
        func seconds(_ milliseconds: Int64) -> String { String(format: "%.1f s", Double(milliseconds) / 1000) }

        var findingsAt: [Int32: [String]] = [:]
        let deviations = verdict.deviations.map { deviation -> Finding in
            let type = deviation.type.description
            var detail = stateName(deviation.program, deviation.state).map { "state \($0)" } ?? ""
            switch deviation.kind {
            case .stateSLA(_, let duration): detail += ", visit lasted \(seconds(duration))"
            case .flowSLA(let handling): detail = "handling time \(seconds(handling))" + (verdict.flowSLA.map { " > \(seconds($0))" } ?? "")
            default: break
            }
            findingsAt[deviation.sequence, default: []].append(type)
            return Finding(type: type, chinese: ReportText.deviationChinese[type] ?? "", sequence: deviation.sequence, detail: detail)
        }
        let steps = verdict.personSteps.filter { !$0.conforms }.map { step -> Finding in
            let failed = step.failed.description
            findingsAt[step.sequence, default: []].append(failed)
            let who = [vocabulary.name(step.actor), vocabulary.name(step.role), vocabulary.name(step.orgUnit)].compactMap { $0 }
            return Finding(
                type: failed,
                chinese: failed.split(separator: ", ").map { ReportText.checkChinese[String($0)] ?? "" }.joined(separator: "、"),
                sequence: step.sequence,
                detail: (stateName(step.program, step.state).map { "state \($0) by " } ?? "by ") + who.joined(separator: " / "))
        }
        let rows = trace.steps.map { step -> Row in
            let cause = [vocabulary.name(step.event), vocabulary.name(step.reason)].compactMap { $0 }.joined(separator: " · ")
            let person = [vocabulary.name(step.actor), vocabulary.name(step.role), vocabulary.name(step.orgUnit)].compactMap { $0 }
            let findings = findingsAt[step.sequence] ?? []
            return Row(
                sequence: step.sequence, depth: step.depth, flow: catalog.net(step.program).flow,
                from: stateName(step.program, step.from) ?? "start", to: stateName(step.program, step.to) ?? "✗",
                trigger: step.trigger.rawValue, cause: cause, person: person.joined(separator: " / "),
                offset: seconds(step.leftAt - trace.startedAt), time: time(step.leftAt), findings: findings,
                flagged: !findings.isEmpty)
        }
        let net = catalog.net(trace.program)
        let variant = verdict.variant.map { $0 >= 0 && Int($0) < net.stateNames.count ? net.stateNames[Int($0)] : "✗" }
        return View(
            title: "Session \(trace.session) · 流程报表 \(month)", session: trace.session, number: trace.number, month: month,
            contactPoint: vocabulary.name(trace.contactPoint) ?? "–", flow: net.flow, version: net.version,
            started: time(trace.startedAt) + " (\(FigureBuilder.name(of: timeZone)))",
            outcome: trace.outcome?.rawValue ?? "ended without an outcome", handlingTime: seconds(verdict.handlingTime),
            trajectory: verdict.conformsOnTrajectory ? "conforms 符合" : "does not conform 不符合",
            compliant: verdict.compliant ? "compliant 规范" : "not compliant 不规范",
            inspection: verdict.inspection.map(\.rawValue) ?? "not inspected 未质检",
            tokenFitness: ReportText.fraction(verdict.tokens.fitness), alignmentFitness: ReportText.fraction(verdict.alignment.fitness),
            variant: variant.joined(separator: " → "), rows: rows, deviations: deviations, steps: steps,
            hasDeviations: !deviations.isEmpty, hasSteps: !steps.isEmpty)
    }
}
