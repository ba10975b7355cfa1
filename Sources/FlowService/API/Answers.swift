import FlowRuntime

/// The answer to a start or an event: where the session now stands and what to do.
public struct EventAnswer: Sendable, Hashable, Codable {
    public var session: String
    public var journey: String
    public var flow: String
    public var state: String
    /// The end outcome when the session ended with this event.
    public var ended: String?
    public var actions: [ActionView]
    public var firstSequence: Int64
    public var lastSequence: Int64
    /// True when this is the recorded answer to an event applied before (a retry).
    public var replayed: Bool

    init(_ response: EventResponse, mask: (String) -> String) {
        session = response.session
        journey = response.journey
        flow = response.flow
        state = response.state
        ended = response.ended?.rawValue
        actions = response.actions.map { ActionView($0, mask: mask) }
        firstSequence = response.firstSequence
        lastSequence = response.lastSequence
        replayed = response.replayed
    }
}

/// `GET /v1/sessions/{id}`: a session as it stands.
public struct SessionView: Sendable, Hashable, Codable {
    public struct ContactPointView: Sendable, Hashable, Codable {
        public var code: String
        public var business: String
        public var channel: String
        public var brand: String
        public var environment: String
    }

    public var session: String
    public var journey: String
    public var contactPoint: ContactPointView
    /// `***` unless the key may see personal data.
    public var customer: String
    public var agent: Actor?
    /// `active`, or `ended`.
    public var status: String
    public var ended: String?
    public var flow: String
    public var version: String
    public var state: String
    /// The current flow's variables that are set; `pii: true` ones as `***` unless the key may see them.
    public var variables: [String: JSONValue]
    /// The actions of the session's last answer through this server (what the adapter
    /// should be doing now); nil when this server has not answered the session since it started.
    public var actions: [ActionView]?
    public var startedAt: Int64
}

/// `GET /v1/contact-points/{code}`: what a code means and which flow serves it.
public struct ContactPointAnswer: Sendable, Hashable, Codable {
    public var code: String
    public var business: String
    public var channel: String
    public var brand: String
    /// Per customer environment: the flow serving it, or why none does.
    public var environments: [EnvironmentResolution]

    public struct EnvironmentResolution: Sendable, Hashable, Codable {
        public var environment: String
        public var flow: String?
        public var reason: String?
    }
}

/// `/health` and `/ready`.
public struct HealthAnswer: Sendable, Hashable, Codable {
    public var status: String
    public var checks: [String: String]?
}
