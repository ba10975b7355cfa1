import FlowExpression

/// A channel customers use: phone agent, IVR self-service, web, SMS.
public struct Channel: Sendable, Hashable {
    public var id: String
    public var code: String
    public var name: LocalizedText
    public var capabilities: Set<Capability>
    /// Guided for channels where an agent serves the customer.
    public var mode: InteractionMode
    /// Longest SMS a flow may send on this channel, in concatenated parts.
    public var smsMaxSegments: Int?
    public var location: SourceLocation

    public init(
        id: String, code: String, name: LocalizedText, capabilities: Set<Capability>,
        mode: InteractionMode, smsMaxSegments: Int? = nil, location: SourceLocation
    ) {
        self.id = id
        self.code = code
        self.name = name
        self.capabilities = capabilities
        self.mode = mode
        self.smsMaxSegments = smsMaxSegments
        self.location = location
    }

    /// Voice channels must time out waiting for input and handle silence.
    public var isVoice: Bool { capabilities.contains(.voicePrompt) }

    /// Whether the channel's written replies travel as SMS (so their length is limited):
    /// it can send SMS, and has neither voice nor a rich web surface.
    public var sendsTextAsSMS: Bool {
        capabilities.contains(.sms) && capabilities.isDisjoint(with: [.voicePrompt, .richCards, .forms])
    }
}

/// A customer brand (全球通, 动感地带, 神州行), part of the contact-point code.
public struct Brand: Sendable, Hashable {
    public var id: String
    public var code: String
    public var name: LocalizedText
    public var location: SourceLocation

    public init(id: String, code: String, name: LocalizedText, location: SourceLocation) {
        self.id = id
        self.code = code
        self.name = name
        self.location = location
    }
}

/// A customer environment: own-network or other-network customer.
public struct CustomerEnvironment: Sendable, Hashable {
    public var id: String
    public var name: LocalizedText
    public var location: SourceLocation

    public init(id: String, name: LocalizedText, location: SourceLocation) {
        self.id = id
        self.name = name
        self.location = location
    }
}

/// A piece of business customers come for: check a bill, change a plan, complain.
public struct Business: Sendable, Hashable {
    public var id: String
    public var code: String
    public var name: LocalizedText
    public var category: FlowCategory
    public var location: SourceLocation

    public init(id: String, code: String, name: LocalizedText, category: FlowCategory, location: SourceLocation) {
        self.id = id
        self.code = code
        self.name = name
        self.category = category
        self.location = location
    }
}

/// An operation hosts supply to `task` states, with its contract.
public struct Operation: Sendable, Hashable {
    public struct Field: Sendable, Hashable {
        public var name: String
        public var type: ExpressionType
        public var required: Bool
        public var location: SourceLocation

        public init(name: String, type: ExpressionType, required: Bool = true, location: SourceLocation) {
            self.name = name
            self.type = type
            self.required = required
            self.location = location
        }
    }

    public var id: String
    public var description: String?
    public var arguments: [Field]
    public var results: [Field]
    /// Outcome names besides `ok`, `failed` and `timeout`, which every operation has.
    public var outcomes: [FlowEvent]
    public var location: SourceLocation

    public init(
        id: String, description: String? = nil, arguments: [Field] = [], results: [Field] = [],
        outcomes: [FlowEvent] = [], location: SourceLocation
    ) {
        self.id = id
        self.description = description
        self.arguments = arguments
        self.results = results
        self.outcomes = outcomes
        self.location = location
    }

    /// Every outcome the operation can end with.
    public var allOutcomes: [FlowEvent] {
        var all: [FlowEvent] = [.ok, .failed, .timeout]
        for outcome in outcomes where !all.contains(outcome) { all.append(outcome) }
        return all
    }
}
