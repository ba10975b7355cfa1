import FlowConformance
import FlowRuntime

/// One traversal record as the exports show it: names, not ids.
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
    public var reason: String?
    public var actor: String?
    public var role: String?
    public var orgUnit: String?
    /// ISO 8601, UTC: when `from` was entered and when it was left.
    public var enteredAt: String
    public var leftAt: String
    public var durationMilliseconds: Int64
    public var outcome: String?

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

    /// A move's label, `s->t`, as the net names its transition; nil for a move to no state.
    static func label(from: String?, to: String?) -> String? {
        guard let from, let to else { return nil }
        return from + "->" + to
    }

    /// The columns of the CSV export, in order.
    static let csvHeader = [
        "session", "sequence", "journey", "contact_point", "channel", "flow", "version", "depth", "kind", "from", "to",
        "label", "trigger", "event", "reason", "actor", "role", "org_unit", "entered_at", "left_at", "duration_ms",
        "outcome",
    ]

    var csvFields: [String] {
        [
            session, String(sequence), journey, contactPoint, channel, flow, version, String(depth), kind.rawValue,
            from ?? "", to ?? "", label ?? "", trigger, event ?? "", reason ?? "", actor ?? "", role ?? "", orgUnit ?? "",
            enteredAt, leftAt, String(durationMilliseconds), outcome ?? "",
        ]
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
