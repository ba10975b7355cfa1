import FlowExpression
import FlowModel

/// A contact starting at a contact point.
public struct StartRequest: Sendable {
    public var business: String
    public var channel: String
    public var brand: String
    public var environment: String
    public var customer: String
    public var agent: Actor?
    public var variables: [String: Value]
    /// The session's id; one is made when nil. Retrying a start with the same id returns the
    /// first start's answer.
    public var session: String?
    /// Continue this journey (a handoff from another channel); a new one when nil.
    public var journey: String?
    /// The text that opened the contact (an SMS to the SMS hall), seen by the flow as `input`.
    public var input: String?

    public init(
        business: String, channel: String, brand: String, environment: String, customer: String, agent: Actor? = nil,
        variables: [String: Value] = [:], session: String? = nil, journey: String? = nil, input: String? = nil
    ) {
        self.business = business
        self.channel = channel
        self.brand = brand
        self.environment = environment
        self.customer = customer
        self.agent = agent
        self.variables = variables
        self.session = session
        self.journey = journey
        self.input = input
    }
}

/// What the engine answers for a start or an event.
public struct EventResponse: Sendable, Hashable, Codable {
    public var session: String
    public var journey: String
    /// The state the session now stands in.
    public var state: String
    public var flow: String
    public var ended: EndOutcome?
    /// What the adapter must do, in order.
    public var actions: [RenderedAction]
    /// The records this event added to the log: sequence numbers, first and last (0 when none).
    public var firstSequence: Int64
    public var lastSequence: Int64
    /// True when this is the recorded answer to an event applied before (a retry).
    public var replayed: Bool
}

public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownSession(String)
    /// The flow map serves the contact point with no flow (blind spot, not offered, ambiguous).
    case notServed(String)
    /// The session runs a flow version this engine does not have.
    case missingVersion(flow: String, version: String)
    /// The runtime refused the event; the session is unchanged.
    case refused(StepError)
    case storage(String)

    public var description: String {
        switch self {
        case .unknownSession(let id): "no session '\(id)'"
        case .notServed(let reason): reason
        case .missingVersion(let flow, let version): "flow '\(flow)' version \(version.prefix(12)) is not loaded"
        case .refused(let error): error.description
        case .storage(let reason): "the store failed: \(reason)"
        }
    }
}
