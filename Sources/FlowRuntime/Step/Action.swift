import FlowExpression
import FlowModel

/// What the adapter must do after a step, in order.
public enum Action: Sendable {
    /// Speak this text (IVR text-to-speech; on the phone channel, the agent's script).
    case say(Prompt)
    /// Write this text (web, SMS).
    case send(Prompt)
    /// Play a recorded prompt.
    case play(audio: String)
    /// Show a rich card (web).
    case showCard(title: Prompt?, body: Prompt?, image: String?, buttons: [String])
    /// Ask for input as described.
    case collect(CollectRequest)
    /// Run the operation and report its outcome (`SessionEvent.Kind.outcome`).
    case runTask(TaskRequest)
    /// Connect the contact to people.
    case transfer(target: TransferTarget, timeout: Int64?)
    /// Continue the journey on another channel.
    case handoff(HandoffRequest)
    /// Wait for these external events.
    case await(events: [String], timeout: Int64?)
    /// The contact is over.
    case end(EndOutcome)
}

/// A template with the values it is to be rendered with, captured when the action was made.
public struct Prompt: Sendable {
    public let template: String
    public let program: FlowProgram
    public let variables: SlotEnvironment
}

/// What a collect asks for.
public struct CollectRequest: Sendable, Hashable, Codable {
    public var state: String
    public var mode: InputMode
    public var length: Int?
    public var minLength: Int?
    public var maxLength: Int?
    public var terminator: String?
    /// A regular expression input must match (so a web form can check before it sends).
    public var pattern: String?
    /// Milliseconds.
    public var timeout: Int64?
    public var interDigitTimeout: Int64?
    public var options: [Option]
    public var formFields: [FormField]
    /// 0 on the first ask, then the retry number.
    public var retry: Int

    public struct Option: Sendable, Hashable, Codable {
        public var key: String
        public var label: String?

        public init(key: String, label: String? = nil) {
            self.key = key
            self.label = label
        }
    }

    public struct FormField: Sendable, Hashable, Codable {
        public var name: String
        public var label: String
        public var required: Bool

        public init(name: String, label: String, required: Bool) {
            self.name = name
            self.label = label
            self.required = required
        }
    }

    public init(
        state: String, mode: InputMode, length: Int? = nil, minLength: Int? = nil, maxLength: Int? = nil,
        terminator: String? = nil, pattern: String? = nil, timeout: Int64? = nil, interDigitTimeout: Int64? = nil,
        options: [Option] = [], formFields: [FormField] = [], retry: Int = 0
    ) {
        self.state = state
        self.mode = mode
        self.length = length
        self.minLength = minLength
        self.maxLength = maxLength
        self.terminator = terminator
        self.pattern = pattern
        self.timeout = timeout
        self.interDigitTimeout = interDigitTimeout
        self.options = options
        self.formFields = formFields
        self.retry = retry
    }
}

/// An operation to run, with its arguments evaluated.
public struct TaskRequest: Sendable, Hashable {
    public var state: String
    public var operation: String
    public var arguments: [Argument]
    /// Milliseconds.
    public var timeout: Int64?

    public struct Argument: Sendable, Hashable {
        public var name: String
        public var value: Value
    }
}

/// A handoff to another channel.
public struct HandoffRequest: Sendable {
    public var channel: String
    public var business: String
    public var via: Capability?
    public var message: Prompt?
    public var journey: String
}
