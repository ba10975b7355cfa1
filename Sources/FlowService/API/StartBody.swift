import FlowRuntime

/// `POST /v1/sessions`: a contact starting at a contact point.
public struct StartBody: Sendable, Codable {
    public var business: String
    public var channel: String
    public var brand: String
    public var environment: String
    public var customer: String
    /// Retrying with the same session id returns the first start's answer.
    public var session: String?
    /// Continue a journey (a handoff from another channel).
    public var journey: String?
    /// The text that opened the contact (an SMS to the SMS hall).
    public var input: String?
    public var variables: [String: JSONValue]?
    /// The agent the contact is assigned to (guided channels), as the channel's adapter knows it.
    public var agent: Actor?

    func request() throws(ServiceError) -> StartRequest {
        StartRequest(
            business: business, channel: channel, brand: brand, environment: environment, customer: customer,
            agent: agent, variables: try (variables ?? [:]).values(field: "variables"), session: session,
            journey: journey, input: input)
    }
}
