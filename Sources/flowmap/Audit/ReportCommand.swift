import ArgumentParser
import FlowAudit
import FlowConformance
import Foundation

/// `flowmap audit report --month 2026-11`: the monthly flow report (流程报表).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the monthly flow report: HTML, JSON and CSV of the four measurements.",
        discussion: """
            Measures every finished session that started in the month (in the report's time \
            zone) and writes OUTPUT/YYYY-MM/: index.html (the flow map as a heat map of \
            compliance rates against benchmarks, headline figures, trends by day and month \
            over month, top deviations, worst contact points, non-conforming person-steps, \
            coverage), report.json (the same figures; docs/auditing.md lists the keys), \
            report.csv (per contact point), variants.csv and state-times.csv (path variants \
            and time per state, per flow version) and sessions/ID.html for the example sessions. \
            Earlier months' report.json under OUTPUT give the month-over-month figures. \
            The store is opened read-only; QA verdicts come from the QA store beside it.
            """
    )

    @OptionGroup var storeOptions: AuditStoreOptions

    @Option(name: .long, help: ArgumentHelp("The month to report on.", valueName: "YYYY-MM"))
    var month: String

    @Option(name: .long, help: ArgumentHelp("The reports' folder; the month's report goes in a folder of its own.", valueName: "folder"))
    var output = "reports"

    @Option(name: .customLong("min-sessions"), help: "Fewer sessions than this do not flag a contact point or cell below its benchmark.")
    var minSessions = 30

    @Option(name: .long, help: "Example sessions listed (each with a page) per deviation type and for non-conforming steps.")
    var examples = 20

    @Option(name: .long, help: "Path variants listed per flow version; the rest are counted together as \"other\".")
    var variants = 10

    func validate() throws {
        guard Month(month) != nil else { throw ValidationError("--month must be a month YYYY-MM, not '\(month)'") }
        guard minSessions >= 1 else { throw ValidationError("--min-sessions must be at least 1") }
        guard examples >= 0 else { throw ValidationError("--examples cannot be negative") }
        guard variants >= 1 else { throw ValidationError("--variants must be at least 1") }
        guard !output.isEmpty else { throw ValidationError("--output needs a folder") }
    }

    func run() throws {
        do {
            try AuditFailure.reporting {
                let (store, audit) = try storeOptions.open()
                let run = MonthlyReportRun(
                    store: store, audit: audit, month: Month(month)!, output: output, minSessions: minSessions,
                    exampleLimit: examples, variantLimit: variants)
                let written = try run.write()
                let m = written.figures.headline.measures
                let rate = m.complianceRate.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
                Standard.error(
                    "\(written.folder.path): \(m.sessions) sessions, compliance \(rate), "
                        + "\(written.figures.headline.flaggedContactPoints) contact points flagged, "
                        + "\(written.examplePages) session pages; "
                        + String(format: "scan %.1f s (%d records), report %.2f s", written.scan.seconds, written.scan.records, written.reportSeconds))
            }
        } catch let error as ReportError {
            // Already `path: error: ...`, as the compiler writes it.
            Standard.error(error.description)
            throw ExitCode(1)
        } catch let error as QAError {
            Standard.error("error: \(error.description)")
            throw ExitCode(1)
        }
    }
}
