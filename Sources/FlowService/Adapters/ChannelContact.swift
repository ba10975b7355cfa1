import Foundation

/// One contact on a channel, driven over the service API: it starts the session, sends the
/// customer's events with fresh ids, and does the host's part (tasks, transfers, handoffs)
/// from `OperationAnswers` until the session waits for the customer or ends. What the
/// customer must see or hear goes to `present`, action by action, in order.
///
/// ```swift
/// var contact = ChannelContact(client: client, operations: answers, channel: "ivr")
/// var answer = try await contact.start(body) { print($0.text ?? "") }
/// while let wait = answer.waitingFor, wait.type == "collect" {
///     let id = contact.nextEventID()
///     answer = try await contact.send(.input(readLine() ?? "", id: id)) { print($0.text ?? "") }
/// }
/// ```
public struct ChannelContact: Sendable {
    public let client: FlowServiceClient
    public let operations: OperationAnswers
    /// Prefixes the event ids (`ivr-3f2a...-4`): ids stay unique across adapters and restarts.
    public let channel: String
    /// The session, once started.
    public private(set) var session: String?
    /// The last answer, after the host's part was done.
    public private(set) var last: EventAnswer?
    private let idPrefix: String
    private var counter = 0

    public init(client: FlowServiceClient, operations: OperationAnswers, channel: String) {
        self.client = client
        self.operations = operations
        self.channel = channel
        idPrefix = "\(channel)-\(UUID().uuidString.lowercased().prefix(8))"
    }

    /// Continues a session started elsewhere (the SMS adapter's open conversations).
    public init(client: FlowServiceClient, operations: OperationAnswers, channel: String, session: String) {
        self.init(client: client, operations: operations, channel: channel)
        self.session = session
    }

    /// A new event id; send it again, unchanged, to retry the same event.
    public mutating func nextEventID() -> String {
        counter += 1
        return "\(idPrefix)-\(counter)"
    }

    /// Starts the contact and does the host's part of its first steps.
    public mutating func start(_ body: StartBody, present: (ActionView) async -> Void) async throws(ServiceCallError)
        -> EventAnswer
    {
        let answer = try await client.start(body)
        session = answer.session
        return try await settle(answer, present: present)
    }

    /// Sends the customer's event and does the host's part of what follows.
    public mutating func send(_ event: EventBody, present: (ActionView) async -> Void) async throws(ServiceCallError)
        -> EventAnswer
    {
        guard let session else { throw .unreadable("the contact has not started") }
        let answer = try await client.send(event, to: session)
        return try await settle(answer, present: present)
    }

    /// Presents an answer's actions; while the session waits for the host (a task, a
    /// transfer, a handoff), reports the host's outcome and presents what follows.
    public mutating func settle(_ first: EventAnswer, present: (ActionView) async -> Void) async throws(ServiceCallError)
        -> EventAnswer
    {
        var answer = first
        while true {
            last = answer
            // A replayed answer (a retry) was acted on when it was first given: neither say
            // it twice nor do the host's part again.
            if answer.replayed { return answer }
            for action in answer.actions { await present(action) }
            guard answer.ended == nil, let wait = answer.waitingFor, wait.isHostsPart else { return answer }
            let outcome = operations.outcome(of: wait)
            let id = nextEventID()
            answer = try await client.send(.outcome(outcome.outcome, results: outcome.results ?? [:], id: id), to: answer.session)
        }
    }
}

extension EventAnswer {
    /// The action the session now waits on: a `collect` (the customer), an `await` (an
    /// outside event such as an SMS reply), a `run-task`, `transfer` or `handoff` (the host),
    /// or `end`. Nil when the answer names none (the session went on elsewhere).
    public var waitingFor: ActionView? {
        actions.last(where: \.isWait)
    }
}

extension ActionView {
    static let waits: Set<String> = ["collect", "await", "run-task", "transfer", "handoff", "end"]

    /// An action the session then waits on (collect, await, run-task, transfer, handoff, end).
    public var isWait: Bool { Self.waits.contains(type) }

    /// A task, transfer or handoff: the host does it and reports the outcome.
    public var isHostsPart: Bool { type == "run-task" || type == "transfer" || type == "handoff" }
}
