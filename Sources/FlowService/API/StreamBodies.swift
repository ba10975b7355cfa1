import FlowRuntime

/// The data of a `step` event on `GET /v1/sessions/{id}/stream`: one committed step of
/// the session, as the agent desktop follows it.
///
/// ```json
/// {"session": "...", "state": "read-balance", "actions": [{"type": "say", "text": "..."}],
///  "records": [{"sequence": 3, "from": "lookup-balance", "to": "read-balance", "trigger": "event", "event": "ok"}],
///  "firstSequence": 3, "lastSequence": 3}
/// ```
public struct StepEventBody: Sendable, Hashable, Codable {
    public var session: String
    public var flow: String
    public var state: String
    /// The end outcome when the step ended the session.
    public var ended: String?
    /// What the adapter was told to do, masked like the event answers.
    public var actions: [ActionView]
    /// The records the step appended to the traversal log, in order.
    public var records: [RecordView]
    public var firstSequence: Int64
    public var lastSequence: Int64
    /// True when the records were read back from the store's log rather than seen live:
    /// after a reconnect with `Last-Event-ID`, or when this stream fell behind. Then
    /// `actions` are the ones waiting now, not each missed step's.
    public var fromLog: Bool
}

/// A traversal record as the stream shows it: the move, not the variables (those stay
/// in the audit, masked).
public struct RecordView: Sendable, Hashable, Codable {
    public var sequence: Int64
    public var flow: String
    public var from: String?
    public var to: String?
    /// `start`, `event`, `timer`, `handler`, `fallback`, `retry`, `limit`, `override`, `outside`, `abandon`.
    public var trigger: String
    /// The event's name (`input`, `ok`, `no-input`...).
    public var event: String?
    public var actor: String?
    public var outcome: String?

    init(_ record: TraversalRecord) {
        sequence = record.sequence
        flow = record.flow
        from = record.from
        to = record.to
        trigger = record.trigger.kind.rawValue
        event = record.trigger.event
        actor = record.actor?.id
        outcome = record.outcome?.rawValue
    }

    init(_ record: LogRecord) {
        sequence = record.sequence
        flow = record.flow
        from = record.from
        to = record.to
        trigger = record.trigger
        event = record.event
        actor = record.actor
        outcome = record.outcome
    }
}

/// The data of the `end` event that closes a stream.
public struct StreamEndBody: Sendable, Hashable, Codable {
    public var session: String
    public var outcome: String
    public var lastSequence: Int64
}

/// `GET /v1/sessions/{id}/actions`: what the adapter must do now.
public struct WaitingActionsAnswer: Sendable, Hashable, Codable {
    public var session: String
    public var state: String
    /// `active`, or `ended`.
    public var status: String
    public var ended: String?
    public var actions: [ActionView]
    /// `held`: the actions of the session's last answer through this server;
    /// `recomputed`: rebuilt from the state it waits in (after a restart: prompts already
    /// spoken are not repeated, a handoff's message is not rendered); `ended`: none left.
    public var source: String
}

/// `POST /v1/sessions/{id}/end`: the channel ends the contact (the customer hung up).
public struct EndBody: Sendable, Codable {
    /// The event's id: a retry with the same id gets the recorded answer.
    public var id: String
    /// Why the channel ended it (`caller-hung-up`, `line-dropped`...); echoed, not logged
    /// by the engine (its hang-up event carries no text).
    public var reason: String?
}
