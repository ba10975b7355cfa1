import ArgumentParser
import FlowAudit
import Foundation

/// `flowmap audit sample`: draws a stratified random sample of finished sessions into a
/// QA campaign (docs/auditing.md, "Sampling").
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw a stratified random sample of finished sessions into a QA campaign.",
        discussion: """
            Strata are contact points, agents or org units (a session's agent and org unit are \
            its first-contact owner's). Within a stratum sessions are ordered by \
            SHA-256("<seed>:<session id>") and the first --size not yet in the campaign are \
            taken: the same seed draws the same sessions, and no session is drawn twice in one \
            campaign. The campaign is kept in the QA store beside the store; the store itself is \
            opened read-only.
            """
    )

    @OptionGroup var storeOptions: AuditStoreOptions
    @OptionGroup var qaOptions: QAStoreOptions
    @OptionGroup var selectionOptions: SessionSelectionOptions

    @Option(name: .long, help: ArgumentHelp("The campaign's name (made on its first draw).", valueName: "name"))
    var campaign: String

    @Option(name: .long, help: ArgumentHelp("The seed (0 to 2^63-1); a campaign keeps its first draw's seed.", valueName: "n"))
    var seed: UInt64

    @Option(name: .customLong("by"), help: "The strata: contact-point, agent or org-unit.")
    var strata: SamplingStrata

    @Option(name: .long, help: ArgumentHelp("Sessions drawn per stratum (fewer when a stratum has fewer).", valueName: "k"))
    var size: Int

    @Option(name: .customLong("drawn-by"), help: ArgumentHelp("Who draws (default: $USER).", valueName: "id"))
    var drawnBy: String?

    @Option(name: .long, help: "table, json or csv.")
    var format = AuditFormat.table

    func validate() throws {
        guard size >= 1 else { throw ValidationError("--size must be 1 or more") }
        guard seed <= UInt64(Int64.max) else { throw ValidationError("--seed must be at most \(Int64.max)") }
        guard !campaign.isEmpty else { throw ValidationError("--campaign must not be empty") }
    }

    func run() throws {
        try QACommandFailure.reporting {
            let (store, audit) = try storeOptions.open()
            let selection = try selectionOptions.selection().resolved(in: audit)
            let frame = try SamplingFrame(scanner: LogScanner(store: store, audit: audit, selection: selection), strata: strata)
            let qa = try QAStore(path: qaOptions.path(besideStore: store.path))
            let drawer = drawnBy ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
            let drawn = try qa.draw(
                campaign: campaign, seed: seed, strata: strata, size: size, selection: selectionOptions.statedSelection,
                candidates: frame.candidates, by: drawer)
            switch format {
            case .json:
                Standard.output(try SessionTableOutput.json(drawn))
            case .csv, .table:
                var listing = SessionTableOutput(columns: ["stratum", "rank", "session", "number"])
                for session in drawn {
                    listing.add([session.stratum, String(session.rank), session.session, String(session.number)])
                }
                Standard.output(format == .csv ? listing.csv : listing.table)
            }
            let strataCount = Set(frame.candidates.map(\.stratum)).count
            var note = "campaign '\(campaign)': drew \(drawn.count) of \(frame.candidates.count) sessions in \(strataCount) strata"
            if frame.withoutStratum > 0 { note += "; \(frame.withoutStratum) sessions with no \(strata.rawValue) left out" }
            if frame.openSessions > 0 { note += "; \(frame.openSessions) sessions still open, not sampled" }
            Standard.error(note)
        }
    }
}
