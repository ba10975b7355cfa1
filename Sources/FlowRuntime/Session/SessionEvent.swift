import FlowExpression

/// Something that happens to a session, as an adapter, an agent or the clock reports it.
public struct SessionEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Input for a collect: digits, text, a choice's key, recognised speech.
        case input(String)
        /// A web form's fields, by the variable each is stored in.
        case form([String: String])
        /// The adapter heard nothing / could not match (speech recognisers report these).
        case noInput
        case noMatch
        /// A task, transfer or handoff ended with this outcome (`ok`, `failed`, `not-found`...).
        case outcome(String, results: [String: Value] = [:])
        /// An external event a wait listens for (`sms-reply`), with its text and data.
        case external(String, text: String? = nil, data: [String: Value] = [:])
        /// A timer fell due (sent by the engine).
        case timer(TimerKind, depth: Int, visit: UInt32)
        case hangup
        /// The customer asked for a person.
        case agentRequest
        /// Guided mode: the agent jumps to another state, with a reason code.
        case override(to: String, reason: String)
        /// Guided mode: the agent did a step outside the engine.
        case recordStep(state: String, note: String?)
    }

    public var kind: Kind
    /// Milliseconds since 1970.
    public var time: Int64
    /// The person who acted, when one did.
    public var actor: Actor?

    public init(_ kind: Kind, at time: Int64, actor: Actor? = nil) {
        self.kind = kind
        self.time = time
        self.actor = actor
    }
}
