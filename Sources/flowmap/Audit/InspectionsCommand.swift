import ArgumentParser
import FlowAudit
import FlowConformance
import Foundation

/// `flowmap audit inspections`: lists the QA store's inspections, with which are current.
struct InspectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspections",
        abstract: "List inspections: all, one session's, or those of a campaign's sessions.",
        discussion: """
            Each inspection shows what it supersedes, what superseded it, and whether it is its \
            session's current verdict (the latest session-level inspection nothing supersedes). \
            The QA store is opened read-only.
            """
    )

    @OptionGroup var storeOptions: AuditStoreOptions
    @OptionGroup var qaOptions: QAStoreOptions

    @Option(name: .long, help: ArgumentHelp("Only this session's inspections.", valueName: "id"))
    var session: String?

    @Option(name: .long, help: ArgumentHelp("Only inspections of sessions sampled in this campaign.", valueName: "name"))
    var campaign: String?

    @Flag(name: .long, help: "With --campaign: list the campaign's sampled sessions that have no current verdict yet.")
    var pending = false

    @Option(name: .long, help: "table, json or csv.")
    var format = AuditFormat.table

    func validate() throws {
        if pending, campaign == nil { throw ValidationError("--pending needs --campaign NAME") }
    }

    /// An inspection as listed.
    struct Listed: Encodable {
        var inspection: Inspection
        var supersededBy: Int64?
        var current: Bool

        enum CodingKeys: String, CodingKey {
            case inspection
            case supersededBy = "superseded_by"
            case current
        }
    }

    func run() throws {
        try QACommandFailure.reporting {
            let qa = try QAStore(path: qaOptions.path(besideStore: storeOptions.store), readOnly: true)
            if pending, let campaign {
                try listPending(qa, campaign: campaign)
                return
            }
            let inspections = try qa.inspections(session: session, campaign: campaign)
            let supersededBy = try qa.supersededBy()
            // The current verdict of each session: its latest session-level inspection not superseded.
            var current: [String: Int64] = [:]
            for inspection in inspections where inspection.step == nil && supersededBy[inspection.id] == nil {
                current[inspection.session] = inspection.id
            }
            let listed = inspections.map {
                Listed(inspection: $0, supersededBy: supersededBy[$0.id], current: current[$0.session] == $0.id)
            }
            switch format {
            case .json:
                Standard.output(try SessionTableOutput.json(listed))
            case .csv, .table:
                var listing = SessionTableOutput(columns: [
                    "id", "session", "step", "verdict", "reason", "inspector", "inspected at", "supersedes", "superseded by",
                    "current", "note",
                ])
                for item in listed {
                    let inspection = item.inspection
                    listing.add([
                        String(inspection.id), inspection.session, inspection.step.map(String.init) ?? "-",
                        inspection.verdict.rawValue, inspection.reason ?? "-", inspection.inspector,
                        Self.time(inspection.inspectedAt), inspection.supersedes.map(String.init) ?? "-",
                        item.supersededBy.map(String.init) ?? "-", item.current ? "yes" : "no", inspection.note ?? "",
                    ])
                }
                Standard.output(format == .csv ? listing.csv : listing.table)
            }
        }
    }

    static func time(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// The campaign's samples with no current verdict, in draw and stratum order.
    private func listPending(_ qa: QAStore, campaign: String) throws {
        let verdicts = try qa.currentVerdicts()
        let pending = try qa.samples(campaign: campaign).filter { verdicts[$0.session] == nil }
        switch format {
        case .json:
            Standard.output(try SessionTableOutput.json(pending))
        case .csv, .table:
            var listing = SessionTableOutput(columns: ["draw", "stratum", "rank", "session", "number"])
            for sample in pending {
                listing.add([String(sample.draw), sample.stratum, String(sample.rank), sample.session, String(sample.sessionNumber)])
            }
            Standard.output(format == .csv ? listing.csv : listing.table)
        }
    }
}
