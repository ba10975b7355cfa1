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
            they ended. The store is opened read-only. When the limit leaves sessions unlisted, \
            standard error gives a cursor: the same command with --after CURSOR lists the next \
            page, reading the log from where this page stopped, not from its start.
            """
    )

    @OptionGroup var storeOptions: AuditStoreOptions
    @OptionGroup var selectionOptions: SessionSelectionOptions

    @Option(name: .long, help: "The most sessions to list.")
    var limit = 100

    @Option(name: .long, help: "table, json or csv.")
    var format = AuditFormat.table

    @Option(
        name: .long,
        help: ArgumentHelp(
            "List the sessions after the page that gave this cursor (the same store and selection).", valueName: "cursor"))
    var after: String?

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try AuditFailure.reporting {
            let (store, audit) = try storeOptions.open()
            let selection = try selectionOptions.selection().resolved(in: audit)
            let stated = selectionOptions.text.stated
            let place: ScanPlace?
            do {
                place = try after.map { try TraversalCursor(text: $0, selection: stated).place(in: store) }
            } catch let invalid as TraversalCursor.Invalid {
                Standard.error("error: --after: \(invalid.description)")
                throw ExitCode(1)
            }
            let formatter = TraversalLine.formatter(timeZone: audit.timeZone)
            var lines: [TraversalLine] = []
            var last: ScanPlace?
            var more = false
            // Small batches and chunks, and a read-ahead of about a page's steps: the readers
            // run little ahead of a page that stops early, and a long listing still streams.
            let scanner = LogScanner(
                store: store, audit: audit, selection: selection, batchSize: 16, chunkRows: 4_096,
                readAhead: max(256, 16 * min(limit, 1 << 14)), after: place)
            let measurement = AuditMeasurement(scanner: scanner)
            let result = try measurement.runPlaced { trace, verdict, place in
                // One session past the limit says whether there is a next page.
                guard lines.count < limit else {
                    more = true
                    return false
                }
                lines.append(TraversalLine(trace: trace, verdict: verdict, audit: audit, formatter: formatter))
                last = place
                return true
            }
            let next = try last.flatMap { more ? try TraversalCursor(after: $0, selection: stated, in: store).text : nil }
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
                    let reached = more ? " (limit reached: --limit)" : ""
                    let count = "\(lines.count) session\(lines.count == 1 ? "" : "s")\(reached)"
                    Standard.error("\(count); \(result.scan.rowsRead) records read")
                }
            }
            if let next { Standard.error("next page: --after \(next)") }
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.3f", value)
    }
}
