/// A reference to a state by name, resolved to its index when the flow is loaded.
public struct StateRef: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    /// Position in `Flow.states`; nil when no state has this name (a lint error).
    public var index: Int?
    public var location: SourceLocation

    public init(name: String, index: Int? = nil, location: SourceLocation) {
        self.name = name
        self.index = index
        self.location = location
    }

    public var description: String { name }
}

/// A reference to a declared variable by name, resolved to its slot when loaded.
public struct VariableRef: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var slot: Int?
    public var location: SourceLocation

    public init(name: String, slot: Int? = nil, location: SourceLocation) {
        self.name = name
        self.slot = slot
        self.location = location
    }

    public var description: String { name }
}

/// `set: { variable: expression }` on a transition.
public struct Assignment: Sendable, Hashable {
    public var variable: VariableRef
    public var value: SourceExpression

    public init(variable: VariableRef, value: SourceExpression) {
        self.variable = variable
        self.value = value
    }
}

/// A designed move from one state to another.
///
/// Every kind's shorthand (`next:`, `options:`, `outcomes:`, `branches:`, `otherwise:`,
/// `no-input:`...) becomes a transition, so rules, the runtime and diagrams see one shape.
public struct Transition: Sendable, Hashable {
    /// The event that triggers it; nil for a decision's branches, taken on entry.
    public var event: FlowEvent?
    public var guardExpression: SourceExpression?
    public var target: StateRef
    public var assignments: [Assignment]
    public var origin: TransitionOrigin
    public var location: SourceLocation

    public init(
        event: FlowEvent?, guardExpression: SourceExpression? = nil, target: StateRef,
        assignments: [Assignment] = [], origin: TransitionOrigin, location: SourceLocation
    ) {
        self.event = event
        self.guardExpression = guardExpression
        self.target = target
        self.assignments = assignments
        self.origin = origin
        self.location = location
    }
}

/// Which part of the flow file a transition was written as.
public enum TransitionOrigin: Sendable, Hashable, CustomStringConvertible {
    /// `next: target` on a prompt.
    case next
    /// An entry of `transitions:`.
    case transition(Int)
    /// A collect option (`options:` entry with this key).
    case option(key: String)
    /// An entry of `outcomes:` (task, transfer, wait, subflow).
    case outcome(String)
    /// A decision branch (`branches:` entry).
    case branch(Int)
    /// A decision's `otherwise:`.
    case otherwise
    /// `no-input: { then: ... }` after the last allowed no-input.
    case noInputExhausted
    /// `no-match: { then: ... }` after the last allowed no-match.
    case noMatchExhausted
    /// `max-attempts` reached (no-inputs and no-matches together).
    case attemptsExhausted
    /// `visits: { then: ... }` when the state is entered once more than allowed.
    case visitLimit
    /// A flow-level handler (`handlers:` entry).
    case handler(Int)

    public var description: String {
        switch self {
        case .next: "next"
        case .transition(let i): "transitions[\(i)]"
        case .option(let key): "option '\(key)'"
        case .outcome(let name): "outcome '\(name)'"
        case .branch(let i): "branches[\(i)]"
        case .otherwise: "otherwise"
        case .noInputExhausted: "no-input limit"
        case .noMatchExhausted: "no-match limit"
        case .attemptsExhausted: "attempt limit"
        case .visitLimit: "visit limit"
        case .handler(let i): "handlers[\(i)]"
        }
    }

    /// Whether the runtime takes this transition by counting (a bound), not by an event's arrival.
    public var isBound: Bool {
        switch self {
        case .noInputExhausted, .noMatchExhausted, .attemptsExhausted, .visitLimit: true
        default: false
        }
    }
}

/// A flow-level handler: a transition that applies in every state except those listed.
public struct Handler: Sendable, Hashable {
    public var transition: Transition
    public var except: [StateRef]

    public init(transition: Transition, except: [StateRef] = []) {
        self.transition = transition
        self.except = except
    }
}
