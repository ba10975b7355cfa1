import ArgumentParser
import FlowAudit
import Foundation

/// `--qa-store`: the QA store the field-use commands write and read; by default beside
/// the store (`flowmap.qa.sqlite` for `flowmap.sqlite`).
struct QAStoreOptions: ParsableArguments {
    @Option(
        name: .customLong("qa-store"),
        help: ArgumentHelp("The QA store (default: beside --store, flowmap.qa.sqlite for flowmap.sqlite).", valueName: "file"))
    var qaStore: String?

    func path(besideStore store: String) -> String { qaStore ?? QAStore.path(besideStore: store) }
}

/// Runs a field-use or export command's body: audit, QA and export errors become
/// `error: ...` on stderr and exit status 1.
enum QACommandFailure {
    static func reporting(_ body: () throws -> Void) throws {
        try AuditFailure.reporting {
            do {
                try body()
            } catch let error as QAError {
                Standard.error("error: \(error.description)")
                throw ExitCode(1)
            } catch let error as ExportError {
                Standard.error("error: \(error.description)")
                throw ExitCode(1)
            }
        }
    }
}

extension SessionSelectionOptions {
    /// The selection as options, in a fixed order: what a campaign records it was drawn from.
    var statedSelection: String { text.stated }
}

extension SamplingStrata: ExpressibleByArgument {}
