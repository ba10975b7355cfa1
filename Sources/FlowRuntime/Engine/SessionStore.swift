import FlowModel

/// Durable storage of sessions, their armed timers, the traversal log and the events
/// already applied: what the engine writes after every step and reads after a restart.
///
/// The runtime knows storage only through this protocol; `FlowStore` implements it on
/// SQLite, and a PostgreSQL store for several engine nodes will follow.
///
/// Contract:
/// - `commit` is atomic per step: the session's new state, its timers (part of the
///   state), its records and the event's receipt are written in one transaction, or
///   none of them is. It returns only once they are durable (synchronous=FULL), so an
///   acknowledged event is never lost. Stores batch concurrent commits into one
///   transaction (group commit); each caller still waits for its own durability.
/// - The store chains each session's records: it sets `previousHash` and `hash` as it
///   writes them (see `RecordHashing`), continuing from the session's last record.
/// - A commit whose event id the session has already applied is refused with
///   `StoreError.duplicateEvent`, leaving everything as it was.
public protocol SessionStore: Sendable {
    /// Writes one step durably; see the contract above.
    func commit(_ step: StepCommit) async throws

    /// A session as last committed, with the programs' versions it pins; nil when unknown.
    func session(id: String) async throws -> SessionState?

    /// The response recorded for an event already applied to a session, for retries.
    func receipt(session: String, event: String) async throws -> EventReceipt?

    /// Timers due at or before `time` across all active sessions, earliest first.
    func dueTimers(through time: Int64, limit: Int) async throws -> [DueTimer]

    /// The earliest time any active session's timer falls due, or nil.
    func nextTimerDue() async throws -> Int64?
}

/// One step to write.
public struct StepCommit: Sendable {
    /// The session after the step (its timers included; an ended session has none).
    public var session: SessionState
    /// The records the step produced, in order, sequences continuing the session's.
    public var records: [TraversalRecord]
    /// The event's id when it has one (retries carry the same id), and what it answered.
    public var receipt: EventReceipt?

    public init(session: SessionState, records: [TraversalRecord], receipt: EventReceipt?) {
        self.session = session
        self.records = records
        self.receipt = receipt
    }
}

/// What an event answered, kept so that a retry gets the same answer without a second effect.
public struct EventReceipt: Sendable, Hashable, Codable {
    public var event: String
    /// The state the session stood in afterwards, and whether it had ended (and how).
    public var state: String
    public var outcome: EndOutcome?
    /// The records the event produced: their sequence numbers, first and last.
    public var firstSequence: Int64
    public var lastSequence: Int64
    /// The rendered actions, as the adapter received them.
    public var actions: [RenderedAction]

    public init(
        event: String, state: String, outcome: EndOutcome?, firstSequence: Int64, lastSequence: Int64,
        actions: [RenderedAction]
    ) {
        self.event = event
        self.state = state
        self.outcome = outcome
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.actions = actions
    }
}

/// A timer that has fallen due, as the engine fires it.
public struct DueTimer: Sendable, Hashable {
    public var session: String
    public var timer: ArmedTimer

    public init(session: String, timer: ArmedTimer) {
        self.session = session
        self.timer = timer
    }
}

public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The session has already applied an event with this id.
    case duplicateEvent(session: String, event: String)
    /// The records do not continue the session's log (a bug, or two writers).
    case sequenceGap(session: String, expected: Int64, found: Int64)
    /// Storage failed; the step was not written.
    case unavailable(String)

    public var description: String {
        switch self {
        case .duplicateEvent(let session, let event): "session \(session) has already applied event \(event)"
        case .sequenceGap(let session, let expected, let found):
            "session \(session): record \(found) does not follow \(expected - 1)"
        case .unavailable(let reason): "the store failed: \(reason)"
        }
    }
}
