import FlowModel

/// A traversal record as the log stores it: every field as plain text and numbers, the
/// form the hash chain is computed over, exported, queried and audited.
public struct LogRecord: Sendable, Hashable, Codable {
    public var session: String
    public var sequence: Int64
    public var journey: String
    public var contactPoint: String
    public var flow: String
    public var version: String
    public var depth: Int
    public var from: String?
    public var to: String?
    public var trigger: String
    public var event: String?
    public var guardText: String?
    /// Which transition, as `TransitionOrigin.description` writes it (`option '1'`).
    public var origin: String?
    public var reason: String?
    public var actor: String?
    public var role: String?
    public var orgUnit: String?
    public var channel: String
    public var enteredAt: Int64
    public var leftAt: Int64
    public var outcome: String?
    /// `name=value` per assignment, `name=***` for personal data, joined by `; `.
    public var changes: String
    public var note: String?
    /// Set by the store as it writes: the hash of the session's record before, and of this one.
    public var previousHash: String
    public var hash: String

    public var duration: Int64 { leftAt - enteredAt }
}

extension TraversalRecord {
    /// The record in the log's flat form, not yet chained (`previousHash` and `hash` empty).
    public var logRecord: LogRecord {
        LogRecord(
            session: session, sequence: sequence, journey: journey, contactPoint: contactPoint, flow: flow,
            version: version, depth: depth, from: from, to: to, trigger: trigger.kind.rawValue, event: trigger.event,
            guardText: trigger.guardText, origin: trigger.origin?.description, reason: trigger.reason, actor: actor?.id,
            role: actor?.role, orgUnit: actor?.orgUnit, channel: channel, enteredAt: enteredAt, leftAt: leftAt,
            outcome: outcome?.rawValue, changes: changes.map(\.text).joined(separator: "; "), note: note,
            previousHash: "", hash: "")
    }
}
