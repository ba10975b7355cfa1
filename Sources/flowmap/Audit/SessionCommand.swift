import ArgumentParser
import FlowAudit
import FlowConformance
import Foundation

/// `flowmap audit session ID`: one session's whole path, record by record, with its
/// deviations located.
struct SessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Show one session's whole path, record by record, with its deviations located.",
        discussion: """
            Reads the session's records through the log's key (no scan). A finished session is \
            measured: its trajectory verdict, both fitness figures, handling time, owner and \
            compliance, and at each record the deviations located there and the organisational \
            checks its person-step failed. An open session is shown but not measured.
            """
    )

    @Argument(help: "The session's id.")
    var id: String

    @OptionGroup var storeOptions: AuditStoreOptions

    @Option(name: .long, help: "table or json.")
    var format = AuditFormat.table

    func run() throws {
        try AuditFailure.reporting {
            let (store, audit) = try storeOptions.open()
            guard let (trace, finished) = try LogScanner.session(id: id, store: store, audit: audit) else {
                throw AuditError.unknownSession(id: id)
            }
            let inspections = try MeasureCommand.inspections(besideStore: store.path)
            let path = SessionPath(trace: trace, finished: finished, audit: audit, inspection: inspections.bySession[id])
            switch format {
            case .json:
                Standard.output(try SessionTableOutput.json(path))
            case .table, .csv:
                Standard.output(Self.text(path, csv: format == .csv))
            }
        }
    }

    static func text(_ path: SessionPath, csv: Bool) -> String {
        var table = SessionTableOutput(columns: [
            "seq", "depth", "move", "trigger", "event", "actor", "at_s", "in_state_s", "outcome", "deviations", "failed_checks",
        ])
        for record in path.records {
            let move = "\(record.from ?? "start")→\(record.to ?? "✗")"
            let actor = record.actor.map { "\($0) (\(record.role ?? "-")@\(record.orgUnit ?? "-"))" } ?? ""
            let event = [record.event, record.reason].compactMap { $0 }.joined(separator: " ")
            table.add([
                String(record.sequence), String(record.depth), record.flow == path.flow ? move : "\(record.flow): \(move)",
                record.trigger + (record.kind == "annotation" ? " (annotation)" : ""), event, actor,
                TraversalsCommand.seconds(record.at), TraversalsCommand.seconds(record.duration), record.outcome ?? "",
                record.deviations.joined(separator: " "), record.failedChecks.joined(separator: " "),
            ])
        }
        if csv { return table.csv }
        var lines = [
            "session \(path.session) (#\(path.number))  \(path.contactPoint)  \(path.flow)@\(path.version.prefix(8))  started \(path.start)"
        ]
        if path.finished {
            lines.append(
                "outcome \(path.outcome ?? "-")  owner \(path.owner ?? "nobody")  trajectory "
                    + ((path.conformsOnTrajectory ?? false) ? "conforms" : "deviates")
                    + "  compliant \((path.compliant ?? false) ? "yes" : "no")"
                    + (path.inspection.map { "  inspection \($0)" } ?? ""))
            lines.append(
                "token fitness \(SessionTableOutput.rate(path.tokenFitness))  alignment fitness \(SessionTableOutput.rate(path.alignmentFitness))  handling \(TraversalsCommand.seconds(path.handlingTime ?? 0)) s"
                    + (path.flowSLA.map { " (sla \(TraversalsCommand.seconds($0)) s)" } ?? ""))
            lines.append("variant \(path.variant ?? "")")
        } else {
            lines.append("open: the log holds no end for this session yet; it is not measured")
        }
        return lines.joined(separator: "\n") + "\n\n" + table.table
    }
}
