import ArgumentParser
import FlowAudit
import FlowConformance
import Foundation

/// `flowmap audit traversals`: the finished sessions a selection matches, one line each.
struct TraversalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traversals",
        abstract: "List the finished sessions a selection matches, one line each.",
        discussion: """
            Each line: session, contact point, flow, version (8 digits), start (report time zone), \
            duration and handling time in seconds, outcome, owner agent (first-contact owner), \
            trajectory verdict and the deviation types found. Sessions are listed in the order \
            they ended. The store is opened read-only.
            """
    )

    @OptionGroup var storeOptions: AuditStoreOptions
    @OptionGroup var selectionOptions: SessionSelectionOptions

    @Option(name: .long, help: "The most sessions to list.")
    var limit = 100

    @Option(name: .long, help: "table, json or csv.")
    var format = AuditFormat.table

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try AuditFailure.reporting {
            let (store, audit) = try storeOptions.open()
            let selection = try selectionOptions.selection().resolved(in: audit)
            let formatter = TraversalLine.formatter(timeZone: audit.timeZone)
            var lines: [TraversalLine] = []
            let measurement = AuditMeasurement(store: store, audit: audit, selection: selection)
            let result = try measurement.run { trace, verdict in
                lines.append(TraversalLine(trace: trace, verdict: verdict, audit: audit, formatter: formatter))
                return lines.count < limit
            }
            switch format {
            case .json:
                Standard.output(try SessionTableOutput.json(lines))
            case .csv, .table:
                var table = SessionTableOutput(columns: [
                    "session", "contact_point", "flow", "version", "start", "duration_s", "handling_s", "outcome", "owner",
                    "trajectory", "deviations",
                ])
                for line in lines {
                    table.add([
                        line.session, line.contactPoint, line.flow, line.version, line.start, Self.seconds(line.duration),
                        Self.seconds(line.handling), line.outcome, line.owner,
                        line.conformsOnTrajectory ? "conforms" : "deviates", line.deviations.joined(separator: " "),
                    ])
                }
                Standard.output(format == .csv ? table.csv : table.table)
                if format == .table {
                    let more = lines.count >= limit ? " (limit reached: --limit)" : ""
                    Standard.error("\(lines.count) session\(lines.count == 1 ? "" : "s")\(more); \(result.scan.records) records read")
                }
            }
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.3f", value)
    }
}
