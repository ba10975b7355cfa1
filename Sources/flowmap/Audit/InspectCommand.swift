import ArgumentParser
import FlowAudit
import FlowConformance
import Foundation

/// `flowmap audit inspect`: records a QA inspector's verdict on a session, or on one of
/// its steps (docs/auditing.md, "Inspections").
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Record an inspector's verdict on a session (or one of its steps).",
        discussion: """
            Inspections are never edited: to correct one, record a new inspection with \
            --supersedes naming it (same session, same step). A session's current verdict is its \
            latest session-level inspection that nothing supersedes. The session must be in the \
            store, which is opened read-only; the inspection goes to the QA store beside it.
            """
    )

    @OptionGroup var storeOptions: AuditStoreOptions
    @OptionGroup var qaOptions: QAStoreOptions

    @Argument(help: ArgumentHelp("The session's id.", valueName: "session"))
    var session: String

    @Option(name: .long, help: "pass or fail.")
    var verdict: InspectionVerdict

    @Option(name: .long, help: ArgumentHelp("The reason code (required for fail).", valueName: "code"))
    var reason: String?

    @Option(name: .long, help: ArgumentHelp("A note.", valueName: "text"))
    var note: String?

    @Option(name: .long, help: ArgumentHelp("The record (sequence number) judged, for a step-level verdict.", valueName: "seq"))
    var step: Int64?

    @Option(name: .long, help: ArgumentHelp("The inspector's id.", valueName: "id"))
    var inspector: String

    @Option(name: .long, help: ArgumentHelp("The inspection this one corrects.", valueName: "id"))
    var supersedes: Int64?

    func validate() throws {
        if verdict == .fail, (reason ?? "").isEmpty { throw ValidationError("a fail verdict needs --reason CODE") }
        if let step, step < 1 { throw ValidationError("--step: records are numbered from 1") }
        guard !inspector.isEmpty else { throw ValidationError("--inspector must not be empty") }
    }

    func run() throws {
        try QACommandFailure.reporting {
            let store = try AuditStore(path: storeOptions.store)
            guard let records = try store.recordCount(session: session) else { throw AuditError.unknownSession(id: session) }
            if let step, step > records {
                throw AuditError.badValue(
                    option: "--step", value: String(step), expected: "a record of session '\(session)' (1 to \(records))")
            }
            let qa = try QAStore(path: qaOptions.path(besideStore: store.path))
            let inspection = try qa.record(NewInspection(
                session: session, step: step, verdict: verdict, reason: reason, note: note, inspector: inspector,
                inspectedAt: Int64(Date().timeIntervalSince1970 * 1000), supersedes: supersedes))
            var line = "inspection \(inspection.id): session \(session)"
            if let step { line += " step \(step)" }
            line += " \(verdict.rawValue)"
            if let reason { line += " (\(reason))" }
            line += " by \(inspector)"
            if let supersedes { line += ", superseding inspection \(supersedes)" }
            Standard.output(line + "\n")
        }
    }
}

extension InspectionVerdict: ExpressibleByArgument {}
