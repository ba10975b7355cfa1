import ArgumentParser
import FlowAudit
import FlowConformance
import Foundation

/// `flowmap audit measure`: the four conformance measurements over a selection.
struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Compute the four conformance measurements over the finished sessions a selection matches.",
        discussion: """
            Trajectory (conformance, token-replay and alignment fitness, deviations, variants, \
            time per state), organisational conformance (by org unit, role and agent, with the \
            non-conforming steps), field use (from the QA store beside the store, when there is \
            one; usage coverage always) and flow compliance (by contact point against its \
            benchmark, flow version, business, channel, org unit, agent and period). Every figure \
            is defined in docs/auditing.md. Sessions still open are counted apart, not measured. \
            The store is opened read-only.
            """
    )

    @OptionGroup var storeOptions: AuditStoreOptions
    @OptionGroup var selectionOptions: SessionSelectionOptions

    @Option(name: .long, help: "table, json or csv.")
    var format = AuditFormat.table

    @Option(name: .customLong("by"), help: "Compliance by day, week or month.")
    var periodKind = MeasureFigures.PeriodKind.month

    @Option(name: .customLong("min-sessions"), help: "Fewer sessions than this are too few to flag a contact point.")
    var minSessions = 30

    @Option(name: .long, help: "Examples kept of each deviation type and of non-conforming steps.")
    var examples = 10

    func validate() throws {
        guard minSessions >= 0 else { throw ValidationError("--min-sessions must be 0 or more") }
        guard examples >= 0 else { throw ValidationError("--examples must be 0 or more") }
    }

    func run() throws {
        try AuditFailure.reporting {
            let (store, audit) = try storeOptions.open()
            let selection = try selectionOptions.selection().resolved(in: audit)
            let measurement = AuditMeasurement(
                store: store, audit: audit, selection: selection, inspections: try Self.inspections(besideStore: store.path),
                exampleLimit: examples)
            let result = try measurement.run()
            let figures = MeasureFigures(result, period: periodKind, minSessions: minSessions)
            switch format {
            case .json: Standard.output(try SessionTableOutput.json(figures))
            case .csv: Standard.output(MeasureText.csv(figures))
            case .table: Standard.output(MeasureText.table(figures))
            }
        }
    }

    /// The QA store's current verdicts: the hook for field-use figures.
    static func inspections(besideStore path: String) throws -> InspectionVerdicts {
        let qaPath = QAStore.path(besideStore: path)
        guard FileManager.default.fileExists(atPath: qaPath) else { return .none }
        do {
            return InspectionVerdicts(bySession: try QAStore.currentVerdicts(besideStore: path), hasQAStore: true)
        } catch {
            throw AuditError.database(path: qaPath, message: "the QA store does not read: \(error)")
        }
    }
}

extension MeasureFigures.PeriodKind: ExpressibleByArgument {}
