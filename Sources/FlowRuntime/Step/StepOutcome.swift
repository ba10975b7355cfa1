/// What one step produced.
public struct StepOutcome: Sendable {
    public var session: LiveSession
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
    /// Overrides and recorded steps are for guided flows only.
    case notGuided
    /// A subflow's flow has no published version.
    case missingProgram(String)
    /// More than 1,000 moves without waiting: a loop the design did not bound.
    case chainTooLong(state: String)

    public var description: String {
        switch self {
        case .sessionEnded: "the session has ended"
        case .unhandled(let event, let state): "state '\(state)' does not take '\(event)', and no handler does"
        case .unknownEvent(let name): "the flow knows no event '\(name)'"
        case .unknownState(let name): "the flow has no state '\(name)'"
        case .notGuided: "overrides and recorded steps are for guided flows; this flow runs automated"
        case .missingProgram(let flow): "no published version of flow '\(flow)'"
        case .chainTooLong(let state): "more than 1,000 moves without waiting, last at '\(state)'"
        }
    }
}
