import FlowAudit
import Foundation

/// `audit measure`'s figures as text tables or as CSV (one row per rate).
enum MeasureText {
    typealias Rate = MeasureFigures.Rate

    static func table(_ f: MeasureFigures) -> String {
        var out = ""
        func section(_ title: String) { out += "\n== \(title)\n" }
        func line(_ text: String) { out += text + "\n" }
        func rates(_ title: String, _ rates: [Rate], benchmarks: Bool = false) {
            guard !rates.isEmpty else { return }
            out += "\n\(title)\n"
            var table = SessionTableOutput(columns: benchmarks ? ["key", "part", "of", "rate", "benchmark", "flag"] : ["key", "part", "of", "rate"])
            for rate in rates {
                var row = [rate.key, String(rate.part), String(rate.whole), SessionTableOutput.percent(rate.rate)]
                if benchmarks {
                    row += [SessionTableOutput.percent(rate.benchmark), rate.flagged == true ? "BELOW" : ""]
                }
                table.add(row)
            }
            out += table.table
        }
        func ratio(_ rate: Rate) -> String { "\(rate.part)/\(rate.whole) = \(SessionTableOutput.percent(rate.rate))" }

        let scan = f.scan
        line(
            "\(scan.measuredSessions) finished sessions measured (of \(scan.finishedSessions) finished in the log); "
                + "\(scan.openSessions) open, counted apart (\(scan.openRecords) records); "
                + "\(scan.records) records read in \(String(format: "%.2f", scan.seconds)) s "
                + "(CPU: reading \(String(format: "%.2f", scan.readerCPUSeconds)) s on \(scan.readers) thread\(scan.readers == 1 ? "" : "s"), measuring \(String(format: "%.2f", scan.measuringCPUSeconds)) s)")

        section("1. Trajectory (运用轨迹)")
        let t = f.trajectory
        line("conforming sessions \(ratio(t.conforming))")
        line("token-replay fitness \(SessionTableOutput.rate(t.tokenFitness))  (m \(t.missing), c \(t.consumed), r \(t.remaining), p \(t.produced))")
        line("alignment fitness \(SessionTableOutput.rate(t.alignmentFitness))  (cost \(t.alignmentCost) / \(t.alignmentDenominator))")
        line("deviations: " + t.deviations.map { "\($0.key) \($0.count)" }.joined(separator: ", "))
        if !f.variants.isEmpty {
            out += "\nvariants\n"
            var table = SessionTableOutput(columns: ["flow", "version", "count", "share", "path"])
            for v in f.variants {
                table.add([v.flow, v.version, String(v.count), SessionTableOutput.percent(v.share), v.path])
            }
            out += table.table
        }
        if !f.stateTimes.isEmpty {
            out += "\ntime per state (s)\n"
            var table = SessionTableOutput(columns: ["flow", "version", "state", "visits", "median", "p90"])
            for s in f.stateTimes {
                table.add([s.flow, s.version, s.state, String(s.visits), TraversalsCommand.seconds(s.median), TraversalsCommand.seconds(s.p90)])
            }
            out += table.table
        }
        if !f.deviationExamples.isEmpty {
            out += "\ndeviation examples\n"
            var table = SessionTableOutput(columns: ["type", "session", "record", "state"])
            for d in f.deviationExamples { table.add([d.type, d.session, String(d.sequence), d.state ?? ""]) }
            out += table.table
        }

        section("2. Organisational conformance (组织符合度)")
        let o = f.organisation
        line("conforming person-steps \(ratio(o.conforming))  (failed: performer \(o.failedPerformer), transfer target \(o.failedTransferTarget), ownership \(o.failedOwnership))")
        rates("by org unit", o.byOrgUnit)
        rates("by role", o.byRole)
        rates("by agent", o.byAgent)
        if !o.nonConformingSteps.isEmpty {
            out += "\nnon-conforming steps\n"
            var table = SessionTableOutput(columns: ["session", "record", "state", "actor", "role", "org unit", "failed"])
            for s in o.nonConformingSteps { table.add([s.session, String(s.sequence), s.state, s.actor, s.role, s.orgUnit, s.failed]) }
            out += table.table
        }

        section("3. Field use (实地运用)")
        let u = f.fieldUse
        if u.qaStore {
            line("passed inspections \(ratio(u.passed))")
            line("agreement with the trajectory verdict: pass&conforms \(u.passConforming), pass&deviates \(u.passNotConforming), fail&conforms \(u.failConforming), fail&deviates \(u.failNotConforming); agreement \(SessionTableOutput.percent(u.agreement)), kappa \(SessionTableOutput.rate(u.kappa))")
            rates("by contact point", u.byContactPoint)
            rates("by agent", u.byAgent)
            rates("by org unit", u.byOrgUnit)
        } else {
            line("no QA store (field-use rates come from `flowmap audit inspect`)")
        }
        for unused in u.unused where !unused.moves.isEmpty || !unused.states.isEmpty {
            line("unused in \(unused.flow)@\(unused.version): moves \(unused.moves.joined(separator: ", ")); states \(unused.states.joined(separator: ", "))")
        }
        if !u.contactPointsWithoutSessions.isEmpty {
            line("contact points without sessions: \(u.contactPointsWithoutSessions.joined(separator: ", "))")
        }

        section("4. Flow compliance (流程规范率)")
        let c = f.compliance
        line("compliant sessions \(ratio(c.compliant)); within the flow's SLA \(ratio(c.withinFlowSLA))")
        rates("by contact point", c.byContactPoint, benchmarks: true)
        rates("by flow version", c.byVersion)
        rates("by business", c.byBusiness)
        rates("by channel", c.byChannel)
        rates("by org unit (owner)", c.byOrgUnit)
        rates("by agent (owner)", c.byAgent)
        rates("by \(c.period.rawValue)", c.byPeriod)
        return out
    }

    /// One row per rate: `measure,key,part,whole,rate,benchmark,flagged`.
    static func csv(_ f: MeasureFigures) -> String {
        var table = SessionTableOutput(columns: ["measure", "key", "part", "whole", "rate", "benchmark", "flagged"])
        func add(_ measure: String, _ rates: [Rate]) {
            for r in rates {
                table.add([
                    measure, r.key, String(r.part), String(r.whole), r.rate.map { String($0) } ?? "",
                    r.benchmark.map { String($0) } ?? "", r.flagged.map { $0 ? "true" : "false" } ?? "",
                ])
            }
        }
        add("trajectory", [f.trajectory.conforming])
        table.add(["token-fitness", "all", "", "", f.trajectory.tokenFitness.map { String($0) } ?? "", "", ""])
        table.add(["alignment-fitness", "all", "", "", f.trajectory.alignmentFitness.map { String($0) } ?? "", "", ""])
        for d in f.trajectory.deviations { table.add(["deviations", d.key, String(d.count), "", "", "", ""]) }
        add("person-steps", [f.organisation.conforming])
        add("person-steps-by-org-unit", f.organisation.byOrgUnit)
        add("person-steps-by-role", f.organisation.byRole)
        add("person-steps-by-agent", f.organisation.byAgent)
        if f.fieldUse.qaStore {
            add("field-use", [f.fieldUse.passed])
            add("field-use-by-contact-point", f.fieldUse.byContactPoint)
            add("field-use-by-agent", f.fieldUse.byAgent)
            add("field-use-by-org-unit", f.fieldUse.byOrgUnit)
        }
        add("compliance", [f.compliance.compliant])
        add("within-flow-sla", [f.compliance.withinFlowSLA])
        add("compliance-by-contact-point", f.compliance.byContactPoint)
        add("compliance-by-version", f.compliance.byVersion)
        add("compliance-by-business", f.compliance.byBusiness)
        add("compliance-by-channel", f.compliance.byChannel)
        add("compliance-by-org-unit", f.compliance.byOrgUnit)
        add("compliance-by-agent", f.compliance.byAgent)
        add("compliance-by-\(f.compliance.period.rawValue)", f.compliance.byPeriod)
        return table.csv
    }
}
