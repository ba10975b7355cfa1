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

    static func rate(_ value: Double?) -> String {
        value.map { String(format: "%.4f", $0) } ?? ""
    }

    /// A field quoted when it holds a comma, a quote or a line break.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
