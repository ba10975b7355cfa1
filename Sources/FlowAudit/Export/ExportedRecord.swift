import FlowConformance
import FlowRuntime

/// One traversal record as the exports show it: names, not ids; every field of the log
/// when made from the stored record (CSV and JSON Lines), the measures' fields when made
/// from a trace alone.
public struct ExportedRecord: Sendable, Hashable, Codable {
    /// What the record is to the measures (docs/auditing.md, "Words").
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Opens a segment: enters the flow's start state.
        case start
        /// Takes the segment from one state to another (or to none).
        case move
        /// Stays in its state without a transition (an SLA nothing handles, an excepted hang-up).
        case annotation
    }

    public var session: String
    public var sequence: Int64
    public var journey: String
    public var contactPoint: String
    public var channel: String
    public var flow: String
    public var version: String
    public var depth: Int
    public var kind: Kind
    public var from: String?
    public var to: String?
    /// `from->to` for a move to a state; nil otherwise (the label XES and the net use).
    public var label: String?
    public var trigger: String
    public var event: String?
    /// The guard that held, as written in the flow.
    public var guardText: String?
    /// Which transition or handler: `option '1'`, `branches[0]`, `handlers[1]`...
    public var origin: String?
    public var reason: String?
    public var actor: String?
    public var role: String?
    public var orgUnit: String?
    /// ISO 8601, UTC: when `from` was entered and when it was left.
    public var enteredAt: String
    public var leftAt: String
    public var durationMilliseconds: Int64
    public var outcome: String?
    /// The variables the step assigned, masked values as stored (`***`); nil when made from a trace alone.
    public var changes: RecordChanges?
    public var note: String?
    /// The hash chain (64 lowercase hex digits): the session's record before (all zeros
    /// for the first) and this one's. Nil when made from a trace alone.
    public var previousHash: String?
    public var hash: String?

    enum CodingKeys: String, CodingKey {
        case session, sequence, journey, contactPoint, channel, flow, version, depth, kind, from, to, label, trigger, event
        case guardText = "guard"
        case origin, reason, actor, role, orgUnit, enteredAt, leftAt, durationMilliseconds, outcome, changes, note
        case previousHash, hash
    }

    /// The record at `index` of a trace, with names from the catalog's nets and vocabulary.
    public init(_ trace: SessionTrace, index: Int, catalog: NetCatalog) {
        let step = trace.steps[index]
        let vocabulary = catalog.vocabulary
        let net = catalog.net(step.program)
        func state(_ id: Int32) -> String? { id >= 0 ? net.stateNames[Int(id)] : nil }
        session = trace.session
        sequence = Int64(step.sequence)
        journey = trace.journey
        contactPoint = vocabulary.name(trace.contactPoint) ?? ""
        channel = vocabulary.name(trace.channel) ?? ""
        flow = net.flow
        version = net.version
        depth = Int(step.depth)
        kind = step.isStart ? .start : step.isAnnotation ? .annotation : .move
        from = state(step.from)
        to = state(step.to)
        label = kind == .move ? ExportedRecord.label(from: from, to: to) : nil
        trigger = step.trigger.rawValue
        event = vocabulary.name(step.event)
        reason = vocabulary.name(step.reason)
        actor = vocabulary.name(step.actor)
        role = vocabulary.name(step.role)
        orgUnit = vocabulary.name(step.orgUnit)
        enteredAt = Timestamp.iso(step.enteredAt)
        leftAt = Timestamp.iso(step.leftAt)
        durationMilliseconds = step.duration
        outcome = step.outcome?.rawValue
    }

    /// A stored record, every field as the log holds it; `kind` from its trace step.
    init(_ record: StoredRecord, kind: Kind) {
        session = record.session
        sequence = record.sequence
        journey = record.journey
        contactPoint = record.contactPoint
        channel = record.channel
        flow = record.flow
        version = record.version
        depth = record.depth
        self.kind = kind
        from = record.from
        to = record.to
        label = kind == .move ? ExportedRecord.label(from: from, to: to) : nil
        trigger = record.trigger
        event = record.event
        guardText = record.guardText
        origin = record.origin
        reason = record.reason
        actor = record.actor
        role = record.role
        orgUnit = record.orgUnit
        enteredAt = Timestamp.iso(record.enteredAt)
        leftAt = Timestamp.iso(record.leftAt)
        durationMilliseconds = record.leftAt - record.enteredAt
        outcome = record.outcome
        changes = RecordChanges(text: record.changes)
        note = record.note
        previousHash = record.previousHash
        hash = record.hash
    }

    /// What a trace step is to the measures.
    static func kind(of step: TraceStep) -> Kind {
        step.isStart ? .start : step.isAnnotation ? .annotation : .move
    }

    /// A move's label, `s->t`, as the net names its transition; nil for a move to no state.
    static func label(from: String?, to: String?) -> String? {
        guard let from, let to else { return nil }
        return from + "->" + to
    }

    /// The columns of the CSV export, in order (docs/auditing.md, "Exports").
    static let csvHeader = [
        "session", "sequence", "journey", "contact_point", "channel", "flow", "version", "depth", "kind", "from", "to",
        "label", "trigger", "event", "guard", "origin", "reason", "actor", "role", "org_unit", "entered_at", "left_at",
        "duration_ms", "outcome", "changes", "note", "previous_hash", "hash",
    ]

    /// The CSV fields, in `csvHeader`'s order: an absent field is empty, the changes a JSON object.
    var csvFields: [String] {
        [
            session, String(sequence), journey, contactPoint, channel, flow, version, String(depth), kind.rawValue,
            from ?? "", to ?? "", label ?? "", trigger, event ?? "", guardText ?? "", origin ?? "", reason ?? "",
            actor ?? "", role ?? "", orgUnit ?? "", enteredAt, leftAt, String(durationMilliseconds), outcome ?? "",
            (changes ?? RecordChanges()).json, note ?? "", previousHash ?? "", hash ?? "",
        ]
    }

    /// One line of JSON Lines: an object whose members are `CodingKeys`' names in their
    /// order, absent fields left out, the changes an object in the step's order.
    var jsonLine: String {
        var line = "{"
        func member(_ key: CodingKeys, _ value: String) {
            if line.utf8.count > 1 { line += "," }
            line += "\"" + key.rawValue + "\":" + value
        }
        func text(_ key: CodingKeys, _ value: String?) {
            if let value { member(key, Escaping.json(value)) }
        }
        text(.session, session)
        member(.sequence, String(sequence))
        text(.journey, journey)
        text(.contactPoint, contactPoint)
        text(.channel, channel)
        text(.flow, flow)
        text(.version, version)
        member(.depth, String(depth))
        text(.kind, kind.rawValue)
        text(.from, from)
        text(.to, to)
        text(.label, label)
        text(.trigger, trigger)
        text(.event, event)
        text(.guardText, guardText)
        text(.origin, origin)
        text(.reason, reason)
        text(.actor, actor)
        text(.role, role)
        text(.orgUnit, orgUnit)
        text(.enteredAt, enteredAt)
        text(.leftAt, leftAt)
        member(.durationMilliseconds, String(durationMilliseconds))
        text(.outcome, outcome)
        if let changes { member(.changes, changes.json) }
        text(.note, note)
        text(.previousHash, previousHash)
        text(.hash, hash)
        return line + "}"
    }
}

extension SessionTrace {
    /// The indices of a segment's events in XES (docs/auditing.md, "Fitness"): its own
    /// moves to a state, in order (retries included; its start, annotations, a final move
    /// to no state and the records of the subflows it called left out).
    func eventIndices(of segment: Segment) -> [Int] {
        var indices: [Int] = []
        for index in Int(segment.first)...Int(segment.last) {
            let step = steps[index]
            guard step.depth == segment.depth, step.isMove, step.to >= 0 else { continue }
            indices.append(index)
        }
        return indices
    }
}
