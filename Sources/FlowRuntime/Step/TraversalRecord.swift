import FlowExpression
import FlowModel

/// One step of one contact, as the traversal log keeps it.
///
/// The parts every record of a session shares (session, journey, contact point, channel)
/// and of a flow version (flow, version, state names) are held by reference, so building
/// a record on the interpreter's hot path copies no strings; the text views below read
/// through them.
public struct TraversalRecord: Sendable {
    /// 1, 2, 3... within the session.
    public var sequence: Int64
    public let context: SessionContext
    /// The flow version the move happened in.
    public let program: FlowProgram
    /// 0 for the session's flow, 1 for a subflow it called, and so on.
    public var depth: Int
    /// The state left (index in the program); -1 when the flow starts.
    public var fromState: Int32
    /// The state entered; -1 when the contact ends without one (a hang-up nothing handles).
    public var toState: Int32
    public var trigger: Trigger
    public var actor: Actor?
    /// Milliseconds since 1970: when `from` was entered and when it was left.
    public var enteredAt: Int64
    public var leftAt: Int64
    /// The end outcome, when `to` is an end state (or the contact ended).
    public var outcome: EndOutcome?
    /// Variables the move assigned; personal data masked.
    public var changes: [VariableChange]
    /// Anything worth knowing that is not a move: an assignment that failed, a fault that
    /// stopped the contact.
    public var note: String?

    public var session: String { context.session }
    public var journey: String { context.journey }
    public var contactPoint: String { context.contactPoint }
    public var channel: String { context.channel }
    public var flow: String { program.id }
    public var version: String { program.version }
    public var from: String? { fromState >= 0 ? program.states[Int(fromState)].id : nil }
    public var to: String? { toState >= 0 ? program.states[Int(toState)].id : nil }
    public var duration: Int64 { leftAt - enteredAt }
}

extension TraversalRecord: Equatable {
    public static func == (lhs: TraversalRecord, rhs: TraversalRecord) -> Bool {
        lhs.sequence == rhs.sequence && lhs.session == rhs.session && lhs.journey == rhs.journey
            && lhs.contactPoint == rhs.contactPoint && lhs.channel == rhs.channel && lhs.flow == rhs.flow
            && lhs.version == rhs.version && lhs.depth == rhs.depth && lhs.from == rhs.from && lhs.to == rhs.to
            && lhs.trigger == rhs.trigger && lhs.actor == rhs.actor && lhs.enteredAt == rhs.enteredAt
            && lhs.leftAt == rhs.leftAt && lhs.outcome == rhs.outcome && lhs.changes == rhs.changes
            && lhs.note == rhs.note
    }
}

/// What every record of one session shares.
public final class SessionContext: Sendable {
    public let session: String
    public let journey: String
    public let contactPoint: String
    public let channel: String

    public init(session: String, journey: String, contactPoint: String, channel: String) {
        self.session = session
        self.journey = journey
        self.contactPoint = contactPoint
        self.channel = channel
    }
}

/// Why a move happened.
public struct Trigger: Sendable, Equatable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The session or a subflow started.
        case start
        /// A designed transition of the state, on an event (or on entry: decision branches, prompt done).
        case event
        /// A timer: no-input, operation timeout, SLA, the flow's limit.
        case timer
        /// A flow-level handler.
        case handler
        /// An outcome no transition takes went to the state's `failed` transition.
        case fallback
        /// A no-input or no-match retry (the state re-asks).
        case retry
        /// A visit, retry or attempt limit was reached.
        case limit
        /// Guided mode: the agent jumped here, with a reason code.
        case override
        /// Guided mode: the agent did this step outside the engine.
        case outside
        /// The contact ended without a designed end: an unhandled hang-up or flow timeout,
        /// or a fault the design did not foresee (see the record's note).
        case abandon
    }

    public var kind: Kind
    /// The event's name (`input`, `ok`, `no-input`, `sla-expired`...).
    public var event: String?
    /// The designed transition taken, when one was.
    public var transition: ProgramTransition?
    /// The agent's reason code or note.
    public var reason: String?

    public init(_ kind: Kind, event: String? = nil, transition: ProgramTransition? = nil, reason: String? = nil) {
        self.kind = kind
        self.event = event
        self.transition = transition
        self.reason = reason
    }

    /// The guard that held.
    public var guardText: String? { transition?.guardExpression?.source }
    /// Which transition: `option '1'`, `branches[0]`, `handlers[1]`...
    public var origin: TransitionOrigin? { transition?.origin }

    public static func == (lhs: Trigger, rhs: Trigger) -> Bool {
        lhs.kind == rhs.kind && lhs.event == rhs.event && lhs.guardText == rhs.guardText && lhs.origin == rhs.origin
            && lhs.reason == rhs.reason
    }
}

/// A variable a move assigned. The value of a `pii` variable is never kept: `value` is nil.
public struct VariableChange: Sendable, Hashable {
    public var name: String
    public var value: Value?

    public init(name: String, value: Value?) {
        self.name = name
        self.value = value
    }

    public var masked: Bool { value == nil }

    /// `name=value`, or `name=***` for personal data.
    public var text: String { "\(name)=\(value.map(\.description) ?? "***")" }
}
