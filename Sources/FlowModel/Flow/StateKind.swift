/// What a state does, with the fields only that kind has.
///
/// Indirect, so that copying a state copies one reference to its kind's fields.
public indirect enum StateKind: Sendable, Hashable {
    /// Say or send text, then move on (`done`).
    case prompt
    /// Ask for input (digits, speech, text, a choice, a form) with retries.
    case collect(Collect)
    /// Choose a branch by guards, in order, with a required `otherwise`.
    case decision
    /// Call an operation the host supplies (`billing.lookup`), then follow its outcome.
    case task(TaskCall)
    /// Hand the contact to people (org unit, skill group, queue) or to another channel.
    case transfer(Transfer)
    /// Wait for an external event, with a time limit.
    case wait(Wait)
    /// Run another flow and come back with its outcome.
    case subflow(SubflowCall)
    /// Finish the contact with an outcome.
    case end(EndOutcome)

    /// The kind's name as flow files write it.
    public var name: String {
        switch self {
        case .prompt: "prompt"
        case .collect: "collect"
        case .decision: "decision"
        case .task: "task"
        case .transfer: "transfer"
        case .wait: "wait"
        case .subflow: "subflow"
        case .end: "end"
        }
    }

    /// Every kind name, for did-you-mean and the schema.
    public static let names = ["prompt", "collect", "decision", "task", "transfer", "wait", "subflow", "end"]
}

/// How a collect state takes its input.
public enum InputMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Telephone keypad digits.
    case dtmf
    /// Speech recognised by the channel.
    case speech
    /// Free text (web chat, SMS, the agent typing what the customer said).
    case text
    /// One of `options`, as buttons, a numbered list or keys.
    case choice
    /// A web form of several fields.
    case form
}

/// `collect` state fields.
public struct Collect: Sendable, Hashable {
    public var mode: InputMode
    /// Exact number of digits/characters, or the bounds.
    public var length: Int?
    public var minLength: Int?
    public var maxLength: Int?
    /// DTMF key that ends input early (`#`).
    public var terminator: String?
    /// How long to wait for input before `no-input`.
    public var timeout: FlowDuration?
    public var interDigitTimeout: FlowDuration?
    /// A regular expression the whole input must match.
    public var pattern: PatternText?
    /// A boolean expression over `input` the input must satisfy.
    public var valid: SourceExpression?
    /// Where the accepted input is stored.
    public var store: VariableRef?
    public var options: [CollectOption]
    public var formFields: [FormField]
    public var noInput: RetryPolicy?
    public var noMatch: RetryPolicy?
    /// No-inputs and no-matches together, when bounded as a whole.
    public var maxAttempts: Int?

    public init(
        mode: InputMode, length: Int? = nil, minLength: Int? = nil, maxLength: Int? = nil,
        terminator: String? = nil, timeout: FlowDuration? = nil, interDigitTimeout: FlowDuration? = nil,
        pattern: PatternText? = nil, valid: SourceExpression? = nil, store: VariableRef? = nil,
        options: [CollectOption] = [], formFields: [FormField] = [], noInput: RetryPolicy? = nil,
        noMatch: RetryPolicy? = nil, maxAttempts: Int? = nil
    ) {
        self.mode = mode
        self.length = length
        self.minLength = minLength
        self.maxLength = maxLength
        self.terminator = terminator
        self.timeout = timeout
        self.interDigitTimeout = interDigitTimeout
        self.pattern = pattern
        self.valid = valid
        self.store = store
        self.options = options
        self.formFields = formFields
        self.noInput = noInput
        self.noMatch = noMatch
        self.maxAttempts = maxAttempts
    }
}

/// A regular expression as written, with where.
public struct PatternText: Sendable, Hashable {
    public var pattern: String
    public var location: SourceLocation

    public init(pattern: String, location: SourceLocation) {
        self.pattern = pattern
        self.location = location
    }
}

/// One menu entry of a collect state: press/say/click `key` to go on.
public struct CollectOption: Sendable, Hashable {
    public var key: String
    public var label: String?
    public var location: SourceLocation

    public init(key: String, label: String? = nil, location: SourceLocation) {
        self.key = key
        self.label = label
        self.location = location
    }
}

/// One field of a web form; the value is stored in `variable`.
public struct FormField: Sendable, Hashable {
    public var variable: VariableRef
    public var label: String
    public var required: Bool

    public init(variable: VariableRef, label: String, required: Bool) {
        self.variable = variable
        self.label = label
        self.required = required
    }
}

/// What to do on no-input or no-match: re-prompt up to `max` times, then go to `then`.
public struct RetryPolicy: Sendable, Hashable {
    public var message: Message
    public var max: Int
    public var location: SourceLocation

    public init(message: Message, max: Int, location: SourceLocation) {
        self.message = message
        self.max = max
        self.location = location
    }
}

/// A named value passed to an operation or a subflow: `name: expression`.
public struct Binding: Sendable, Hashable {
    public var name: String
    public var value: SourceExpression
    public var location: SourceLocation

    public init(name: String, value: SourceExpression, location: SourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}

/// A value coming back (from a task, wait event or subflow) stored into a variable.
public struct ResultBinding: Sendable, Hashable {
    public var field: String
    public var variable: VariableRef
    public var location: SourceLocation

    public init(field: String, variable: VariableRef, location: SourceLocation) {
        self.field = field
        self.variable = variable
        self.location = location
    }
}

/// `task` state fields.
public struct TaskCall: Sendable, Hashable {
    public var operation: String
    public var operationLocation: SourceLocation
    public var arguments: [Binding]
    public var results: [ResultBinding]
    public var timeout: FlowDuration?

    public init(
        operation: String, operationLocation: SourceLocation, arguments: [Binding] = [],
        results: [ResultBinding] = [], timeout: FlowDuration? = nil
    ) {
        self.operation = operation
        self.operationLocation = operationLocation
        self.arguments = arguments
        self.results = results
        self.timeout = timeout
    }
}

/// Who a transfer goes to.
public enum TransferTarget: Sendable, Hashable, CustomStringConvertible {
    case orgUnit(String)
    case skill(String)
    case queue(String)

    public var name: String {
        switch self {
        case .orgUnit(let name), .skill(let name), .queue(let name): name
        }
    }

    public var kindName: String {
        switch self {
        case .orgUnit: "org-unit"
        case .skill: "skill"
        case .queue: "queue"
        }
    }

    public var description: String { "\(kindName) \(name)" }
}

/// A handoff that continues the same customer journey on another channel.
public struct Handoff: Sendable, Hashable {
    /// The channel the customer continues on.
    public var channel: String
    /// The business on that channel; the flow's own business when nil.
    public var business: String?
    /// The channel capability used to reach the customer (an SMS with a link).
    public var via: Capability?
    /// The text sent through `via`.
    public var message: PromptText?
    public var location: SourceLocation

    public init(
        channel: String, business: String? = nil, via: Capability? = nil, message: PromptText? = nil,
        location: SourceLocation
    ) {
        self.channel = channel
        self.business = business
        self.via = via
        self.message = message
        self.location = location
    }
}

/// `transfer` state fields: exactly one of `target` and `handoff`.
public struct Transfer: Sendable, Hashable {
    public var target: TransferTarget?
    public var targetLocation: SourceLocation?
    public var handoff: Handoff?
    public var timeout: FlowDuration?

    public init(
        target: TransferTarget? = nil, targetLocation: SourceLocation? = nil, handoff: Handoff? = nil,
        timeout: FlowDuration? = nil
    ) {
        self.target = target
        self.targetLocation = targetLocation
        self.handoff = handoff
        self.timeout = timeout
    }
}

/// `wait` state fields.
public struct Wait: Sendable, Hashable {
    public var events: [FlowEvent]
    public var timeout: FlowDuration?
    /// Event data stored into variables, by field name.
    public var results: [ResultBinding]

    public init(events: [FlowEvent], timeout: FlowDuration? = nil, results: [ResultBinding] = []) {
        self.events = events
        self.timeout = timeout
        self.results = results
    }
}

/// `subflow` state fields.
public struct SubflowCall: Sendable, Hashable {
    public var flow: String
    public var flowLocation: SourceLocation
    /// Child variable name -> expression over the parent's variables.
    public var arguments: [Binding]
    /// Child variable -> parent variable, copied back when the child ends.
    public var results: [ResultBinding]

    public init(flow: String, flowLocation: SourceLocation, arguments: [Binding] = [], results: [ResultBinding] = []) {
        self.flow = flow
        self.flowLocation = flowLocation
        self.arguments = arguments
        self.results = results
    }
}
