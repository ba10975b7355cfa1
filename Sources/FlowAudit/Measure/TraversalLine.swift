import FlowConformance
import Foundation

/// One measured session in a line: what `flowmap audit traversals` lists.
public struct TraversalLine: Sendable, Codable, Hashable {
    public var session: String
    public var contactPoint: String
    public var flow: String
    /// The first 8 digits of the version hash.
    public var version: String
    /// ISO 8601 in the audit's time zone.
    public var start: String
    /// Seconds from the first record's entry to the last record's leaving.
    public var duration: Double
    /// Handling time, seconds (docs/auditing.md, "Handling time").
    public var handling: Double
    public var outcome: String
    /// The first-contact owner, or empty when no person acted.
    public var owner: String
    public var conformsOnTrajectory: Bool
    public var compliant: Bool
    /// Deviation types, each once, in the order of docs/auditing.md's table.
    public var deviations: [String]

    /// The line of a measured session.
    public init(trace: SessionTrace, verdict: SessionVerdict, audit: AuditCatalog, formatter: ISO8601DateFormatter) {
        let catalog = audit.catalog
        let program = catalog.program(trace.program)
        session = trace.session
        contactPoint = catalog.vocabulary.name(trace.contactPoint) ?? ""
        flow = program.id
        version = String(program.version.prefix(8))
        start = formatter.string(from: Date(timeIntervalSince1970: Double(trace.startedAt) / 1000))
        duration = Double(trace.endedAt - trace.startedAt) / 1000
        handling = Double(verdict.handlingTime) / 1000
        outcome = verdict.outcome?.rawValue ?? ""
        owner = catalog.vocabulary.name(verdict.owner.agent) ?? ""
        conformsOnTrajectory = verdict.conformsOnTrajectory
        compliant = verdict.compliant
        let types = Set(verdict.deviations.map(\.type))
        deviations = DeviationType.allCases.filter { types.contains($0) }.map(\.description)
    }

    /// ISO 8601 with the zone's offset (`2026-11-02T17:00:00+08:00`).
    public static func formatter(timeZone: TimeZone) -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }
}
