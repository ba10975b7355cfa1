import FlowExpression
import FlowModel

/// One step of one contact, as the traversal log keeps it.
public struct TraversalRecord: Sendable, Hashable {
    /// 1, 2, 3... within the session.
    public var sequence: Int64
    public var session: String
    public var journey: String
    public var contactPoint: String
    public var flow: String
    public var version: String
    /// 0 for the session's flow, 1 for a subflow it called, and so on.
    public var depth: Int
    /// The state left; nil when the flow starts.
    public var from: String?
    /// The state entered; nil when the contact ends without one (a hang-up nothing handles).
    public var to: String?
    public var trigger: Trigger
    public var actor: Actor?
    public var channel: String
    /// Milliseconds since 1970: when `from` was entered and when it was left.
    public var enteredAt: Int64
    public var leftAt: Int64
    /// The end outcome, when `to` is an end state (or the contact ended).
    public var outcome: EndOutcome?
    /// Variables the move assigned; personal data masked.
    public var changes: [VariableChange]
    /// Anything worth knowing that is not a move: a guard that failed to evaluate, a
    /// task result that did not fit its variable.
    public var note: String?

    public var duration: Int64 { leftAt - enteredAt }
}

/// Why a move happened.
public struct Trigger: Sendable, Hashable {
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
        /// The contact ended without a designed end (an unhandled hang-up or flow timeout).
        case abandon
    }

    public var kind: Kind
    /// The event's name (`input`, `ok`, `no-input`, `sla-expired`...).
    public var event: String?
    /// The guard that held.
    public var guardText: String?
    /// Which transition: `option '1'`, `branches[0]`, `handlers[1]`...
    public var origin: TransitionOrigin?
    /// The agent's reason code or note.
    public var reason: String?

    public init(
        _ kind: Kind, event: String? = nil, guardText: String? = nil, origin: TransitionOrigin? = nil,
        reason: String? = nil
    ) {
        self.kind = kind
        self.event = event
        self.guardText = guardText
        self.origin = origin
        self.reason = reason
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
