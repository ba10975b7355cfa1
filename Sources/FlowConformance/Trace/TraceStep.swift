import FlowModel
import FlowRuntime

/// One traversal record, interned for measuring: 64 bytes, no strings.
///
/// `program` numbers the flow version the record's move happened in (see `NetCatalog`),
/// `from` and `to` are state indices in that program (-1 for none), and the text fields
/// are ids in the scan's `Vocabulary` (-1 for none).
public struct TraceStep: Sendable, Hashable {
    public var sequence: Int32
    /// 0 for the session's flow, 1 for a subflow it called, and so on.
    public var depth: Int16
    public var trigger: Trigger.Kind
    public var outcome: EndOutcome?
    /// Whether the record names the designed transition it took (its `origin`).
    public var tookTransition: Bool
    public var program: Int32
    public var from: Int32
    public var to: Int32
    public var event: Int32
    public var reason: Int32
    /// The person who acted (agent id), their role and org unit; -1 when no person did.
    public var actor: Int32
    public var role: Int32
    public var orgUnit: Int32
    /// Milliseconds since 1970: when `from` was entered, and when it was left.
    public var enteredAt: Int64
    public var leftAt: Int64

    public init(
        sequence: Int32, depth: Int16, trigger: Trigger.Kind, outcome: EndOutcome? = nil, tookTransition: Bool,
        program: Int32, from: Int32, to: Int32, event: Int32 = -1, reason: Int32 = -1, actor: Int32 = -1,
        role: Int32 = -1, orgUnit: Int32 = -1, enteredAt: Int64, leftAt: Int64
    ) {
        self.sequence = sequence
        self.depth = depth
        self.trigger = trigger
        self.outcome = outcome
        self.tookTransition = tookTransition
        self.program = program
        self.from = from
        self.to = to
        self.event = event
        self.reason = reason
        self.actor = actor
        self.role = role
        self.orgUnit = orgUnit
        self.enteredAt = enteredAt
        self.leftAt = leftAt
    }

    public var duration: Int64 { leftAt - enteredAt }
}

/// A finished session's records, in order, with what they all share.
public struct SessionTrace: Sendable {
    /// The session's id, and its number in the store (arrival order).
    public var session: String
    public var number: Int64
    public var journey: String
    /// Vocabulary ids.
    public var contactPoint: Int32
    public var channel: Int32
    public var steps: [TraceStep]

    public init(session: String, number: Int64, journey: String, contactPoint: Int32, channel: Int32, steps: [TraceStep]) {
        self.session = session
        self.number = number
        self.journey = journey
        self.contactPoint = contactPoint
        self.channel = channel
        self.steps = steps
    }

    /// The program (flow version) of the session's own flow.
    public var program: Int32 { steps.first?.program ?? -1 }
    /// When the contact started: its first record's entry.
    public var startedAt: Int64 { steps.first?.enteredAt ?? 0 }
    public var endedAt: Int64 { steps.last?.leftAt ?? 0 }
    /// The session's end outcome: its last depth-0 record's.
    public var outcome: EndOutcome? { steps.last(where: { $0.depth == 0 })?.outcome }
}
