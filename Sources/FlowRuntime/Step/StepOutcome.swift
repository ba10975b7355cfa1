/// What one step produced, with the session it left.
public struct StepOutcome: Sendable {
    public var session: LiveSession
    public var actions: [Action]
    public var records: [TraversalRecord]
}

/// What one step produced, when the session was changed in place.
public struct StepResult: Sendable {
    public var actions: [Action]
    public var records: [TraversalRecord]
}

/// Why the runtime refused an event; the session is unchanged.
public enum StepError: Error, Sendable, Hashable, CustomStringConvertible {
    case sessionEnded
    /// Nothing in the state or the handlers takes this event.
    case unhandled(event: String, state: String)
    /// The event names something the flow does not know.
    case unknownEvent(String)
    case unknownState(String)
    /// A start value for a variable the flow does not declare, or of the wrong type.
    case unknownVariable(String)
    case invalidValue(variable: String, expected: String)
    /// Overrides and recorded steps are for guided flows only.
    case notGuided

    public var description: String {
        switch self {
        case .sessionEnded: "the session has ended"
        case .unhandled(let event, let state): "state '\(state)' does not take '\(event)', and no handler does"
        case .unknownEvent(let name): "the flow knows no event '\(name)'"
        case .unknownState(let name): "the flow has no state '\(name)'"
        case .unknownVariable(let name): "the flow declares no variable '\(name)'"
        case .invalidValue(let name, let expected): "variable '\(name)' is \(expected); the value given is not"
        case .notGuided: "overrides and recorded steps are for guided flows; this flow runs automated"
        }
    }
}
