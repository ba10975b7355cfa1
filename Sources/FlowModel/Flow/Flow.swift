/// A service flow: the state machine that serves one contact point.
///
/// States are kept in declaration order; `StateRef.index` and the runtime's ids are
/// positions in `states`, and variable slots are positions in `variables`.
public struct Flow: Sendable, Hashable {
    public var id: String
    public var version: String
    public var title: LocalizedText
    public var business: NameRef
    public var channel: NameRef
    public var category: FlowCategory
    /// The org unit that owns the flow.
    public var owner: NameRef
    /// Target handling time for a whole contact.
    public var sla: FlowDuration?
    /// Hard limit for a whole contact; `flow-timeout` fires when it runs out.
    public var timeout: FlowDuration?
    /// Automated or guided; nil means the channel's default.
    public var mode: InteractionMode?
    public var description: String?
    public var variables: [VariableDeclaration]
    public var start: StateRef
    public var states: [State]
    public var handlers: [Handler]
    /// The file the flow was read from, as given to the loader.
    public var file: String
    public var location: SourceLocation
    /// Top-level keys that were missing or invalid in the file (lint reported why); the
    /// flow holds placeholders for them so that its other rules still run.
    public var undecodedKeys: Set<String> = []

    public init(
        id: String, version: String, title: LocalizedText, business: NameRef, channel: NameRef,
        category: FlowCategory, owner: NameRef, sla: FlowDuration? = nil, timeout: FlowDuration? = nil,
        mode: InteractionMode? = nil, description: String? = nil, variables: [VariableDeclaration] = [],
        start: StateRef, states: [State], handlers: [Handler] = [], file: String, location: SourceLocation
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.business = business
        self.channel = channel
        self.category = category
        self.owner = owner
        self.sla = sla
        self.timeout = timeout
        self.mode = mode
        self.description = description
        self.variables = variables
        self.start = start
        self.states = states
        self.handlers = handlers
        self.file = file
        self.location = location
    }

    /// The position of the state with this id.
    public func stateIndex(named id: String) -> Int? {
        states.firstIndex { $0.id == id }
    }

    /// The state with this id.
    public func state(named id: String) -> State? {
        stateIndex(named: id).map { states[$0] }
    }

    /// The slot of the variable with this name.
    public func variableSlot(named name: String) -> Int? {
        variables.firstIndex { $0.name == name }
    }

    /// Transitions that leave state `index`: its own, then the handlers that apply to it.
    public func outgoing(from index: Int) -> [Transition] {
        let state = states[index]
        guard !state.isEnd else { return state.transitions }
        return state.transitions + handlers.filter { handler in
            !handler.except.contains { $0.index == index } && handler.transition.target.index != index
        }.map(\.transition)
    }
}
