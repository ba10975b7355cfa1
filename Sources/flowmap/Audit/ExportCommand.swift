import ArgumentParser
import FlowAudit
import Foundation

/// `flowmap audit export`: the log of a selection as XES, OCEL 2.0, CSV or JSON, for
/// process-mining tools (docs/auditing.md, "Exports").
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export finished sessions as XES (IEEE 1849), OCEL 2.0 JSON, CSV or JSON.",
        discussion: """
            XES has one trace per segment (a run of one flow in a session), its events the \
            segment's moves labelled s->t, as the net of `flowmap audit net --format pnml` names \
            them; with --flow (and --version) only that flow version's segments, at any depth, \
            become traces. OCEL, CSV and JSON hold every record; with --flow, of the sessions \
            that ran that flow (or called it). CSV (RFC 4180) and JSON (JSON Lines: an object \
            per line) carry every field of the log, variable changes (masked as stored) and the \
            hash chain included, so the chain can be re-verified from the file; XES and OCEL \
            events carry their record's hashes. Streamed; a file given with --output appears \
            only once complete. The store is opened read-only.
            """
    )

    @OptionGroup var storeOptions: AuditStoreOptions
    @OptionGroup var selectionOptions: SessionSelectionOptions

    @Option(name: .long, help: "xes, ocel, csv or json (JSON Lines).")
    var format: ExportFormat

    @Option(name: .long, help: ArgumentHelp("Write to this file (default: standard output).", valueName: "file"))
    var output: String?

    func run() throws {
        try QACommandFailure.reporting {
            let (store, audit) = try storeOptions.open()
            // --flow and --version choose segments, not only the sessions' own flows.
            let (sessions, programs) = try LogExport.scanning(try selectionOptions.selection(), in: audit)
            let scanner = LogScanner(store: store, audit: audit, selection: sessions)
            let destination = try output.map { try ExportOutput.file($0) } ?? ExportOutput.standardOutput()
            let summary = try LogExport.run(format, scanner: scanner, segmentsOf: programs, to: destination)
            var note = "exported \(summary.sessions) sessions"
            switch format {
            case .xes: note += ": \(summary.traces) traces, \(summary.events) events"
            case .ocel: note += ": \(summary.events) events"
            case .csv, .json: note += ": \(summary.events) records"
            }
            if summary.openSessions > 0 { note += "; \(summary.openSessions) sessions still open, not exported" }
            if let output { note += " to \(output)" }
            Standard.error(note)
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
