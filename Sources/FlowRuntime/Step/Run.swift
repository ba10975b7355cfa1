import FlowExpression
import FlowModel

/// One application of the step: the session being changed, and what it produced so far.
struct Run {
    let catalog: ProgramCatalog
    var session: LiveSession
    let time: Int64
    let actor: Actor?
    var actions: [Action] = []
    var records: [TraversalRecord] = []
    var moves = 0

    init(catalog: ProgramCatalog, session: LiveSession, time: Int64, actor: Actor?) {
        self.catalog = catalog
        self.session = session
        self.time = time
        self.actor = actor
    }

    var outcome: StepOutcome { StepOutcome(session: session, actions: actions, records: records) }

    var depth: Int { session.state.frames.count - 1 }
    var program: FlowProgram {
        _read { yield session.programs[session.programs.count - 1] }
    }
    // Borrowed and modified in place: a get would copy the frame and its arrays on every read.
    var frame: Frame {
        _read { yield session.state.frames[session.state.frames.count - 1] }
        _modify { yield &session.state.frames[session.state.frames.count - 1] }
    }
    var state: ProgramState {
        _read { yield program.states[Int(frame.state)] }
    }

    // MARK: Moving

    /// The session's first move: into its flow's start state.
    mutating func begin() throws(StepError) {
        record(from: nil, to: program.start, trigger: Trigger(.start), changes: [])
        try run(from: program.start)
    }

    /// Takes `transition` out of the current state and follows the chain from its target.
    mutating func take(_ transition: ProgramTransition, _ trigger: Trigger) throws(StepError) {
        try run(from: move(transition, trigger))
    }

    /// Applies a transition's assignments, records the move and enters the target;
    /// returns the target for the entry chain.
    mutating func move(_ transition: ProgramTransition, _ trigger: Trigger) -> Int32 {
        var trigger = trigger
        if trigger.origin == nil { trigger.origin = transition.origin }
        if trigger.guardText == nil { trigger.guardText = transition.guardExpression?.source }
        let changes = assign(transition.assignments)
        record(from: frame.state, to: transition.target, trigger: trigger, changes: changes.changes, note: changes.note)
        enter(transition.target)
        return transition.target
    }

    /// Moves to `target` without a designed transition (overrides, recorded steps).
    mutating func jump(to target: Int32, _ trigger: Trigger) {
        record(from: frame.state, to: target, trigger: trigger, changes: [])
        enter(target)
    }

    /// Becomes the current state of the frame: counts the visit, resets the retry
    /// counters, cancels the old state's timers and arms the new one's SLA.
    mutating func enter(_ target: Int32) {
        let depth = self.depth
        session.state.timers.removeAll { $0.depth == depth && $0.kind != .flow }
        frame.state = target
        frame.enteredAt = time
        frame.visit &+= 1
        frame.visits[Int(target)] &+= 1
        frame.noInputs = 0
        frame.noMatches = 0
        frame.attempts = 0
        if let sla = program.states[Int(target)].sla { arm(.sla, after: sla) }
    }

    mutating func arm(_ kind: TimerKind, after milliseconds: Int64) {
        session.state.timers.append(ArmedTimer(kind: kind, due: time + milliseconds, depth: depth, visit: frame.visit))
    }

    /// Follows entries until a state waits or the session ends.
    mutating func run(from target: Int32) throws(StepError) {
        var next: Int32? = target
        while next != nil {
            moves += 1
            guard moves <= Stepper.maximumMoves else { throw .chainTooLong(state: state.id) }
            next = try entryStep()
        }
    }

    /// What entering the current state does; the next state to enter, or nil to wait.
    mutating func entryStep() throws(StepError) -> Int32? {
        let state = self.state
        if let limit = state.visitLimit, let exit = limit.exit, Int(frame.visits[Int(frame.state)]) > limit.max {
            return move(exit, Trigger(.limit))
        }
        switch state.kind {
        case .prompt:
            emitMessage(state.model.message)
            return choose(among: state.transitions, event: .done)
        case .decision:
            return choose(among: state.transitions, event: nil)
        case .collect:
            emitMessage(state.model.message)
            emitCollect(retry: 0)
            return nil
        case .task:
            emitMessage(state.model.message)
            emitTask()
            if let timeout = state.operationTimeout { arm(.operation, after: timeout) }
            return nil
        case .transfer:
            emitMessage(state.model.message)
            emitTransfer()
            if let timeout = state.operationTimeout { arm(.operation, after: timeout) }
            return nil
        case .wait:
            emitMessage(state.model.message)
            if case .wait(let wait) = state.model.kind {
                actions.append(.await(events: wait.events.map(\.rawValue), timeout: state.operationTimeout))
            }
            if let timeout = state.operationTimeout { arm(.operation, after: timeout) }
            return nil
        case .subflow:
            return try call(state)
        case .end:
            emitMessage(state.model.message)
            return try finish(state.endOutcome ?? .resolved)
        }
    }

    /// The first transition on `event` (nil: entry transitions) whose guard holds, taken.
    mutating func choose(among transitions: [ProgramTransition], event: EventID?) -> Int32? {
        for transition in transitions where transition.event == event {
            guard holds(transition) else { continue }
            return move(transition, Trigger(.event, event: event.map { program.eventName($0) }))
        }
        return nil
    }

    // MARK: Subflows and ends

    /// Pushes the child flow of a subflow state and enters its start.
    mutating func call(_ state: ProgramState) throws(StepError) -> Int32 {
        guard let name = state.subflow, let child = catalog.currentProgram(flow: name) else {
            throw .missingProgram(state.subflow ?? "?")
        }
        var variables = child.initialVariables
        if case .subflow(let call) = state.model.kind {
            for argument in call.arguments {
                guard let slot = child.flow.variableSlot(named: argument.name), let value = evaluate(argument.value.checked)
                else { continue }
                variables[slot] = value
            }
        }
        variables[child.sessionSlot] = frame.variables.value(ofSlot: program.sessionSlot)
        variables[child.inputSlot] = frame.variables.value(ofSlot: program.inputSlot)
        variables.unset(child.inputSlot)
        session.state.frames.append(Frame(
            flowID: child.id, version: child.version, state: child.start, enteredAt: time, visit: 0,
            variables: variables, visits: Array(repeating: 0, count: child.states.count), noInputs: 0, noMatches: 0,
            attempts: 0))
        session.programs.append(child)
        record(from: nil, to: child.start, trigger: Trigger(.start), changes: [])
        enter(child.start)
        return child.start
    }

    /// An end state: the contact ends, or a subflow returns its outcome to its caller.
    mutating func finish(_ outcome: EndOutcome) throws(StepError) -> Int32? {
        guard depth > 0 else {
            end(outcome)
            return nil
        }
        let child = frame
        let childProgram = program
        let childDepth = depth
        session.state.timers.removeAll { $0.depth == childDepth }
        session.state.frames.removeLast()
        session.programs.removeLast()
        var changes: [VariableChange] = []
        if case .subflow(let call) = state.model.kind {
            for result in call.results {
                guard let from = childProgram.flow.variableSlot(named: result.field), let to = result.variable.slot
                else { continue }
                let value = child.variables.value(ofSlot: from)
                frame.variables[to] = value
                changes.append(change(slot: to, value: value))
            }
        }
        let event = EventID.outcome(outcome)
        guard let transition = find(event) ?? fallback(for: event) else {
            throw .unhandled(event: program.eventName(event), state: state.id)
        }
        var trigger = Trigger(transition.kind, event: program.eventName(event))
        trigger.origin = transition.transition.origin
        trigger.guardText = transition.transition.guardExpression?.source
        let assigned = assign(transition.transition.assignments)
        record(
            from: frame.state, to: transition.transition.target, trigger: trigger, changes: changes + assigned.changes,
            note: assigned.note)
        enter(transition.transition.target)
        return transition.transition.target
    }

    /// Ends the session.
    mutating func end(_ outcome: EndOutcome) {
        actions.append(.end(outcome))
        session.state.status = .ended(outcome)
        session.state.timers.removeAll()
    }

    // MARK: Records

    mutating func record(from: Int32?, to: Int32?, trigger: Trigger, changes: [VariableChange], note: String? = nil) {
        let program = self.program
        let target = to.map { program.states[Int($0)] }
        records.append(TraversalRecord(
            sequence: session.state.nextSequence, session: session.state.id, journey: session.state.journey,
            contactPoint: session.state.contactPoint.code, flow: program.id, version: program.version, depth: depth,
            from: from.map { program.states[Int($0)].id }, to: target?.id, trigger: trigger, actor: actor,
            channel: session.state.contactPoint.channel, enteredAt: from == nil ? time : frame.enteredAt, leftAt: time,
            outcome: target?.endOutcome, changes: changes, note: note))
        session.state.nextSequence += 1
    }

    func change(slot: Int, value: Value) -> VariableChange {
        VariableChange(name: program.slotName(slot), value: program.piiSlots[slot] ? nil : value)
    }
}
