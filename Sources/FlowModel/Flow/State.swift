/// One step of a service flow.
public struct State: Sendable, Hashable {
    public var id: String
    public var kind: StateKind
    public var title: String?
    public var description: String?
    public var message: Message
    /// Roles or org units allowed to perform this step (organisational conformance).
    public var performer: [NameRef]
    /// A compliant contact must pass through this state.
    public var mandatory: Bool
    /// Time allowed in this state; `sla-expired` fires when it runs out.
    public var sla: FlowDuration?
    /// The most times a contact may enter this state, and where to go after.
    public var visitLimit: VisitLimit?
    /// Outgoing transitions, in the order they are tried.
    public var transitions: [Transition]
    public var location: SourceLocation

    public init(
        id: String, kind: StateKind, title: String? = nil, description: String? = nil,
        message: Message = Message(), performer: [NameRef] = [], mandatory: Bool = false,
        sla: FlowDuration? = nil, visitLimit: VisitLimit? = nil, transitions: [Transition] = [],
        location: SourceLocation
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.description = description
        self.message = message
        self.performer = performer
        self.mandatory = mandatory
        self.sla = sla
        self.visitLimit = visitLimit
        self.transitions = transitions
        self.location = location
    }

    public var isEnd: Bool {
        if case .end = kind { return true }
        return false
    }

    public var endOutcome: EndOutcome? {
        if case .end(let outcome) = kind { return outcome }
        return nil
    }
}

/// `visits: { max: 3, then: to-agent }`: entering the state a fourth time goes to `then`.
public struct VisitLimit: Sendable, Hashable {
    public var max: Int
    public var then: StateRef
    public var location: SourceLocation

    public init(max: Int, then: StateRef, location: SourceLocation) {
        self.max = max
        self.then = then
        self.location = location
    }
}

/// A name that refers to something declared elsewhere (an org unit, a role, a channel),
/// with where it was written, so a wrong name can be pointed at.
public struct NameRef: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }

    public var description: String { name }
}
