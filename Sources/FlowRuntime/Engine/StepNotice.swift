import FlowModel

/// What the engine tells an observer after a step is durable: the answer, the records the
/// step added to the log, and the contact point it happened at.
///
/// Observers (the service's live stream, its metrics) are told of every committed step,
/// whatever caused it (an event, a timer, a start); never of a retry's replayed answer,
/// and never of a step that was refused or failed to commit.
public struct StepNotice: Sendable {
    /// The answer the step produced (as `start` or `send` returned it).
    public var response: EventResponse
    /// The contact point of the session.
    public var contactPoint: ContactPointInfo
    /// The assigned agent of the session, if any.
    public var agent: String?
    /// True for the step that started the session.
    public var started: Bool
    /// The records the step appended to the log, in order (personal data masked).
    public var records: [TraversalRecord]
    /// The event's id; nil for events sent without one.
    public var event: String?
    /// Milliseconds since 1970 when the step happened (the engine's clock).
    public var time: Int64

    public init(
        response: EventResponse, contactPoint: ContactPointInfo, agent: String?, started: Bool,
        records: [TraversalRecord], event: String?, time: Int64
    ) {
        self.response = response
        self.contactPoint = contactPoint
        self.agent = agent
        self.started = started
        self.records = records
        self.event = event
        self.time = time
    }
}
