import Foundation

/// report.csv: one row per contact point (RFC 4180), the figures of `report.json`'s
/// `contactPoints`. Rates are fractions with four decimals; an empty field is a rate with
/// nothing to divide by.
enum ReportCSV {
    static let deviationColumns = [
        "override", "outside-step", "skipped-mandatory", "abandoned", "loop-bound", "state-sla", "flow-sla",
    ]

    static let header =
        [
            "code", "business", "channel", "brand", "flow", "in_map", "sessions", "compliant", "compliance_rate",
            "benchmark", "flagged", "previous_compliance_rate", "change", "trajectory_conforming", "trajectory_rate",
            "token_fitness", "alignment_fitness", "person_steps", "conforming_person_steps", "person_step_rate",
            "inspected", "inspection_pass", "field_use_rate", "within_flow_sla", "average_handling_time_s",
        ] + deviationColumns.map { "deviations_" + $0.replacingOccurrences(of: "-", with: "_") }

    static func render(_ figures: ReportFigures) -> String {
        var lines = [header.joined(separator: ",")]
        for point in figures.contactPoints {
            let m = point.measures
            let fields: [String] =
                [
                    point.code, point.business, point.channel, point.brand, point.flow ?? "", point.inMap ? "yes" : "no",
                    String(m.sessions), String(m.compliant), rate(m.complianceRate), rate(point.benchmark),
                    point.flagged ? "yes" : "no", rate(point.previousComplianceRate), rate(point.change),
                    String(m.trajectoryConforming), rate(m.trajectoryRate), rate(m.tokenFitness), rate(m.alignmentFitness),
                    String(m.personSteps), String(m.conformingPersonSteps), rate(m.personStepRate), String(m.inspected),
                    String(m.inspectionPass), rate(m.fieldUseRate), String(m.withinFlowSLA),
                    m.averageHandlingTime.map { String(format: "%.1f", $0) } ?? "",
                ] + deviationColumns.map { String(m.deviations[$0] ?? 0) }
            lines.append(fields.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// variants.csv: one row per listed variant of each flow version, then its "other" row.
    static let variantHeader = ["flow", "version", "rank", "path", "count", "share", "cumulative_share"]

    static func variants(_ figures: ReportFigures) -> String {
        var lines = [variantHeader.joined(separator: ",")]
        for flow in figures.flows ?? [] {
            for variant in flow.variants {
                lines.append([
                    flow.flow, flow.version, String(variant.rank), variant.path, String(variant.count), rate(variant.share),
                    rate(variant.cumulativeShare),
                ].map(quoted).joined(separator: ","))
            }
            if let other = flow.otherVariants {
                lines.append([
                    flow.flow, flow.version, "", "other (\(other.variants) variants)", String(other.count), rate(other.share), rate(1),
                ].map(quoted).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// state-times.csv: one row per state of each flow version with a closed visit.
    static let stateTimeHeader = ["flow", "version", "state", "visits", "median_s", "p90_s", "sla_s", "over_sla"]

    static func stateTimes(_ figures: ReportFigures) -> String {
        var lines = [stateTimeHeader.joined(separator: ",")]
        for flow in figures.flows ?? [] {
            for state in flow.states {
                lines.append([
                    flow.flow, flow.version, state.state, String(state.visits), String(format: "%.3f", state.median),
                    String(format: "%.3f", state.p90), state.sla.map { String(format: "%.3f", $0) } ?? "",
                    state.overSLA ? "yes" : "no",
                ].map(quoted).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func rate(_ value: Double?) -> String {
        value.map { String(format: "%.4f", $0) } ?? ""
    }

    /// A field quoted when it holds a comma, a quote or a line break.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
