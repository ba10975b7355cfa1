/// The name of something that happens to a session and may move it to another state.
///
/// Built-in events have constants; wait states and task outcomes add their own names.
public struct FlowEvent: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: FlowEvent, rhs: FlowEvent) -> Bool { lhs.rawValue < rhs.rawValue }

    /// A prompt finished playing or was sent.
    public static let done: FlowEvent = "done"
    /// A collect state received input that passed its validation.
    public static let input: FlowEvent = "input"
    /// A collect state timed out waiting for input.
    public static let noInput: FlowEvent = "no-input"
    /// A collect state received input that failed validation or matched no option.
    public static let noMatch: FlowEvent = "no-match"
    /// The customer hung up or left the conversation.
    public static let hangup: FlowEvent = "hangup"
    /// The customer asked for a person ("0 for an agent", "人工").
    public static let agentRequest: FlowEvent = "agent-request"
    /// The flow's hard time limit (`timeout:` at flow level) ran out.
    public static let flowTimeout: FlowEvent = "flow-timeout"
    /// The time allowed in the current state (`sla:` on the state) ran out.
    public static let slaExpired: FlowEvent = "sla-expired"
    /// A task, transfer or wait ran out of time.
    public static let timeout: FlowEvent = "timeout"
    /// A task completed successfully.
    public static let ok: FlowEvent = "ok"
    /// A task, transfer or handoff failed.
    public static let failed: FlowEvent = "failed"
    /// A transfer reached a person.
    public static let connected: FlowEvent = "connected"
    /// A transfer found every target busy.
    public static let busy: FlowEvent = "busy"
    /// A transfer rang without answer.
    public static let noAnswer: FlowEvent = "no-answer"
    /// A cross-channel handoff was delivered (the customer continues on the other channel).
    public static let handedOff: FlowEvent = "handed-off"

    /// Events the runtime may raise in any state, which flow-level handlers catch.
    public static let global: [FlowEvent] = [.hangup, .agentRequest, .flowTimeout, .slaExpired, .input]
    /// Outcomes of a transfer to people.
    public static let transferOutcomes: [FlowEvent] = [.connected, .busy, .noAnswer, .failed, .timeout]
    /// Outcomes of a cross-channel handoff.
    public static let handoffOutcomes: [FlowEvent] = [.handedOff, .failed]
    /// Outcomes of a subflow: the outcome its end state declared.
    public static let subflowOutcomes: [FlowEvent] = EndOutcome.allCases.map { FlowEvent($0.rawValue) }
}
