import FlowModel

/// An event as the runtime knows it: a small integer, so that matching an event to a
/// transition compares integers, never strings.
///
/// Built-in events have fixed ids; each program numbers its own (task outcomes, waited-for
/// events) after them.
public struct EventID: Sendable, Hashable, Comparable {
    public let rawValue: Int32

    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    public static func < (lhs: EventID, rhs: EventID) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let done = EventID(0)
    public static let input = EventID(1)
    public static let noInput = EventID(2)
    public static let noMatch = EventID(3)
    public static let hangup = EventID(4)
    public static let agentRequest = EventID(5)
    public static let flowTimeout = EventID(6)
    public static let slaExpired = EventID(7)
    public static let timeout = EventID(8)
    public static let ok = EventID(9)
    public static let failed = EventID(10)
    public static let connected = EventID(11)
    public static let busy = EventID(12)
    public static let noAnswer = EventID(13)
    public static let handedOff = EventID(14)
    public static let resolved = EventID(15)
    public static let transferred = EventID(16)
    public static let abandoned = EventID(17)
    public static let escalated = EventID(18)

    /// The built-in events' names, by id.
    static let builtinNames: [FlowEvent] = [
        .done, .input, .noInput, .noMatch, .hangup, .agentRequest, .flowTimeout, .slaExpired, .timeout, .ok, .failed,
        .connected, .busy, .noAnswer, .handedOff, "resolved", "transferred", "abandoned", "escalated",
    ]

    /// The event an end state's outcome raises in the calling flow.
    static func outcome(_ outcome: EndOutcome) -> EventID {
        switch outcome {
        case .resolved: .resolved
        case .transferred: .transferred
        case .abandoned: .abandoned
        case .escalated: .escalated
        case .failed: .failed
        }
    }
}
