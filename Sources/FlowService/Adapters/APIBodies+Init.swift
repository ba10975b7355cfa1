import FlowRuntime

// Public initialisers, so that adapters outside this module (and `flowmap adapter`) can
// build the same request bodies the routes decode.

extension StartBody {
    /// A start for the contact point (business, channel, brand, environment) and a customer.
    public init(
        business: String, channel: String, brand: String, environment: String, customer: String,
        variables: [String: JSONValue]? = nil, session: String? = nil, journey: String? = nil, input: String? = nil,
        agent: Actor? = nil
    ) {
        self.business = business
        self.channel = channel
        self.brand = brand
        self.environment = environment
        self.customer = customer
        self.session = session
        self.journey = journey
        self.input = input
        self.variables = variables
        self.agent = agent
    }
}

extension EventBody {
    /// An event of `kind` with its id; set the fields the kind needs (see the table above).
    public init(id: String, kind: String) {
        self.id = id
        self.kind = kind
    }

    /// Input for a collect: digits, text, a choice's key.
    public static func input(_ text: String, id: String) -> EventBody {
        var body = EventBody(id: id, kind: "input")
        body.text = text
        return body
    }

    /// A web form's fields.
    public static func form(_ fields: [String: String], id: String) -> EventBody {
        var body = EventBody(id: id, kind: "form")
        body.fields = fields
        return body
    }

    /// A task, transfer or handoff ended with `outcome`.
    public static func outcome(_ outcome: String, results: [String: JSONValue] = [:], id: String) -> EventBody {
        var body = EventBody(id: id, kind: "outcome")
        body.outcome = outcome
        body.results = results.isEmpty ? nil : results
        return body
    }

    /// An event a `wait` state listens for (`sms-reply`), with its text. Waits read the text
    /// as the event's `text` field (`results: { text: reply }`), so it goes in `data` too.
    public static func external(_ name: String, text: String?, id: String) -> EventBody {
        var body = EventBody(id: id, kind: "external")
        body.name = name
        body.text = text
        body.data = text.map { ["text": .string($0)] }
        return body
    }

    /// Guided mode: jump to `state` with a reason code.
    public static func override(to state: String, reason: String, id: String) -> EventBody {
        var body = EventBody(id: id, kind: "override")
        body.to = state
        body.reason = reason
        return body
    }

    /// Guided mode: `state` was done outside the engine.
    public static func recordStep(_ state: String, note: String?, id: String) -> EventBody {
        var body = EventBody(id: id, kind: "record-step")
        body.state = state
        body.note = note
        return body
    }
}
