import ArgumentParser
import FlowAudit
import FlowConformance
import FlowLoading
import FlowModel
import FlowRuntime
import Foundation

/// `--store`, `--library` and `--time-zone`: the store an audit reads (read-only) and what it
/// measures against. Shared by the audit commands.
struct AuditStoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store: a flowmap SQLite database, opened read-only.", valueName: "file"))
    var store = "flowmap.sqlite"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A flow library whose flow map gives the organisation and benchmarks (default: the flow map published in the store).",
            valueName: "folder"))
    var library: String?

    @Option(
        name: .customLong("time-zone"),
        help: ArgumentHelp("The report's time zone, an IANA name (default: the flow map's, else UTC).", valueName: "zone"))
    var timeZone: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Threads reading the log at once (default: one per core, at most 4; the results do not depend on it).",
            valueName: "n"))
    var readers: Int?

    /// The store and the catalog of its published versions.
    func open() throws -> (store: AuditStore, audit: AuditCatalog) {
        if let readers, readers < 1 {
            throw AuditError.badValue(option: "--readers", value: "\(readers)", expected: "a number of threads, at least 1")
        }
        let store = try AuditStore(path: self.store, readers: readers ?? LogScanner.defaultReaders)
        var zone: TimeZone?
        if let timeZone {
            guard let named = TimeZone(identifier: timeZone) else {
                throw AuditError.badValue(option: "--time-zone", value: timeZone, expected: "an IANA time zone (Asia/Shanghai)")
            }
            zone = named
        }
        var flowMap: FlowMap?
        if let library {
            guard FileManager.default.fileExists(atPath: library) else {
                throw AuditError.badValue(option: "--library", value: library, expected: "a folder holding flowmap.yaml")
            }
            guard let map = FlowLibrary.load(paths: [library]).flowMap else {
                throw AuditError.badValue(option: "--library", value: library, expected: "a flow library with a flowmap.yaml")
            }
            flowMap = map
        }
        return (store, try AuditCatalog(store: store, flowMap: flowMap, timeZone: zone))
    }
}

/// Which sessions: the selection options shared by `traversals` and `measure`.
struct SessionSelectionOptions: ParsableArguments {
    @Option(name: .customLong("contact-point"), help: ArgumentHelp("A contact point code (repeatable).", valueName: "code"))
    var contactPoints: [String] = []

    @Option(name: .customLong("flow"), help: ArgumentHelp("A flow id (repeatable).", valueName: "flow"))
    var flows: [String] = []

    @Option(name: .customLong("version"), help: ArgumentHelp("A flow version: its hash or a prefix of it.", valueName: "hash"))
    var version: String?

    @Option(name: .customLong("business"), help: ArgumentHelp("A business id (repeatable).", valueName: "business"))
    var businesses: [String] = []

    @Option(name: .customLong("channel"), help: ArgumentHelp("A channel id (repeatable).", valueName: "channel"))
    var channels: [String] = []

    @Option(name: .customLong("agent"), help: ArgumentHelp("The owner agent (first-contact owner; repeatable).", valueName: "agent"))
    var agents: [String] = []

    @Option(name: .customLong("org-unit"), help: ArgumentHelp("The owner's org unit, or a unit above it (repeatable).", valueName: "unit"))
    var orgUnits: [String] = []

    @Option(name: .long, help: ArgumentHelp("Sessions started on or after this day (YYYY-MM-DD, report time zone).", valueName: "date"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Sessions started on or before this day (YYYY-MM-DD).", valueName: "date"))
    var to: String?

    @Option(name: .long, help: ArgumentHelp("A day 2026-11-02, ISO week 2026-W47 or month 2026-11.", valueName: "period"))
    var period: String?

    @Option(
        name: .customLong("deviation"),
        help: ArgumentHelp(
            "Sessions with this deviation type (repeatable): \(DeviationType.allCases.map(\.description).joined(separator: ", ")).",
            valueName: "type"))
    var deviations: [String] = []

    @Option(
        name: .customLong("outcome"),
        help: ArgumentHelp(
            "Sessions that ended so (repeatable): \(EndOutcome.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "outcome"))
    var outcomes: [String] = []

    /// The selection the options describe.
    /// - Throws: `AuditError.badValue` for a date, period, deviation type or outcome that does not read.
    /// The options as written, for FlowAudit to read and to state back.
    var text: SelectionText {
        var text = SelectionText()
        text.contactPoints = contactPoints
        text.flows = flows
        text.version = version
        text.businesses = businesses
        text.channels = channels
        text.agents = agents
        text.orgUnits = orgUnits
        text.from = from
        text.to = to
        text.period = period
        text.deviations = deviations
        text.outcomes = outcomes
        return text
    }

    func selection() throws -> Selection {
        try text.selection()
    }
}

/// Runs an audit command's body; an `AuditError` becomes `error: ...` on stderr, exit status 1.
enum AuditFailure {
    static func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as AuditError {
            Standard.error("error: \(error.description)")
            throw ExitCode(1)
        } catch let error as TraceError {
            Standard.error("error: \(error.description)")
            throw ExitCode(1)
        }
    }
}
