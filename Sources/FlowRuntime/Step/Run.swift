import FlowExpression
import FlowModel

/// One application of the step: the session being changed, and what it produced so far.
///
/// Every refusal (`StepError`) is decided before the session changes; once it has
/// started to move, a fault the design did not foresee (a runaway loop, a subflow outcome
/// nobody takes, an unpublished subflow) ends the contact as `failed` with a note, since
/// the event itself was fine.
struct Run {
    let catalog: CatalogReference
    /// The session being stepped, the caller's own: valid for as long as the run, which
    /// `Stepper` guarantees by running inside `withUnsafeMutablePointer(to:)`. Reaching it
    /// through a pointer copies and retains nothing.
    let sessionPointer: UnsafeMutablePointer<LiveSession>
    let time: Int64
    let actor: Actor?
    var actions: [Action] = []
    var records: [TraversalRecord] = []
    var moves = 0

    init(catalog: CatalogReference, session: UnsafeMutablePointer<LiveSession>, time: Int64, actor: Actor?) {
        self.catalog = catalog
        self.sessionPointer = session
        self.time = time
        self.actor = actor
        records.reserveCapacity(4)
        actions.reserveCapacity(4)
    }

    var session: LiveSession {
        unsafeAddress { UnsafePointer(sessionPointer) }
        nonmutating unsafeMutableAddress { sessionPointer }
    }

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
    mutating func begin() {
        record(from: -1, to: program.start, trigger: Trigger(.start), changes: [])
        enter(program.start)
        run(from: program.start)
    }

    /// Takes `transition` out of the current state and follows the chain from its target.
    mutating func take(_ transition: ProgramTransition, _ trigger: Trigger) {
        run(from: move(transition, trigger))
    }

    /// Applies a transition's assignments, records the move and enters the target;
    /// returns the target for the entry chain.
    mutating func move(_ transition: ProgramTransition, _ trigger: Trigger, extraChanges: [VariableChange] = []) -> Int32 {
        var trigger = trigger
        trigger.transition = transition
        let assigned = assign(transition.assignments)
        let changes = extraChanges.isEmpty ? assigned.changes : extraChanges + assigned.changes
        record(from: frame.state, to: transition.target, trigger: trigger, changes: changes, note: assigned.note)
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
        if !session.state.timers.isEmpty {
            session.state.timers.removeAll { $0.depth == depth && $0.kind != .flow }
        }
        Self.enter(target, at: time, in: &frame)
        if let sla = program.states[Int(target)].sla { arm(.sla, after: sla) }
    }

    /// The frame's side of `enter`, in one access to the frame: each `frame.x = ...` on its
    /// own checked the frames array's uniqueness and bounds again.
    private static func enter(_ target: Int32, at time: Int64, in frame: inout Frame) {
        frame.state = target
        frame.enteredAt = time
        frame.visit &+= 1
        frame.visits[Int(target)] &+= 1
        frame.noInputs = 0
        frame.noMatches = 0
        frame.attempts = 0
    }

    mutating func arm(_ kind: TimerKind, after milliseconds: Int64) {
        // The timer is made before the append: reading `depth` and `frame` inside the
        // append's argument made the compiler copy the whole run (and retain its arrays).
        let timer = ArmedTimer(kind: kind, due: time + milliseconds, depth: depth, visit: frame.visit)
        sessionPointer.pointee.state.timers.append(timer)
    }

    /// Follows entries until a state waits or the session ends.
    mutating func run(from target: Int32) {
        var next: Int32? = target
        while next != nil {
            moves += 1
            guard moves <= Stepper.maximumMoves else {
                return fail("more than \(Stepper.maximumMoves) moves without waiting, last at '\(state.id)': a loop the design does not bound")
            }
            next = entryStep()
        }
    }

    /// What entering the current state does; the next state to enter, or nil to wait.
    mutating func entryStep() -> Int32? {
        let state = self.state
        if let limit = state.visitLimit, Int(frame.visits[Int(frame.state)]) > limit.max, let exit = limit.exit {
            return move(exit, Trigger(.limit))
        }
        switch state.kind {
        case .prompt:
            emitMessage(state.message)
            return choose(among: state.transitions, event: .done)
        case .decision:
            return choose(among: state.transitions, event: nil)
        case .collect:
            emitMessage(state.message)
            emitCollect(retry: 0)
            return nil
        case .task:
            emitMessage(state.message)
            emitTask()
            if let timeout = state.operationTimeout { arm(.operation, after: timeout) }
            return nil
        case .transfer:
            emitMessage(state.message)
            emitTransfer()
            if let timeout = state.operationTimeout { arm(.operation, after: timeout) }
            return nil
        case .wait:
            emitMessage(state.message)
            if case .wait(let wait) = state.model.kind {
                actions.append(.await(events: wait.events.map(\.rawValue), timeout: state.operationTimeout))
            }
            if let timeout = state.operationTimeout { arm(.operation, after: timeout) }
            return nil
        case .subflow:
            return call(state)
        case .end:
            emitMessage(state.message)
            return finish(state.endOutcome ?? .resolved)
        }
    }

    /// The first transition on `event` (nil: entry transitions) whose guard holds, taken.
    mutating func choose(among transitions: [ProgramTransition], event: EventID?) -> Int32? {
        for transition in transitions where transition.event == event && holds(transition) {
            return move(transition, Trigger(.event, event: event.map { program.eventNames[Int($0.rawValue)].rawValue }))
        }
        return nil
    }

    // MARK: Subflows and ends

    /// Pushes the child flow of a subflow state and enters its start.
    mutating func call(_ state: ProgramState) -> Int32? {
        guard let name = state.subflow, let child = catalog.catalog.currentProgram(flow: name) else {
            fail("subflow '\(state.subflow ?? "?")' has no published version")
            return nil
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
        record(from: -1, to: child.start, trigger: Trigger(.start), changes: [])
        enter(child.start)
        // The child's own time limit runs while it does; it is dropped when the child returns.
        if let limit = child.flow.timeout?.milliseconds {
            session.state.timers.append(ArmedTimer(kind: .flow, due: time + limit, depth: depth, visit: 0))
        }
        return child.start
    }

    /// An end state: the contact ends, or a subflow returns its outcome to its caller.
    mutating func finish(_ outcome: EndOutcome) -> Int32? {
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
        guard let found = find(event) ?? fallback(for: event) else {
            fail("subflow '\(childProgram.id)' ended '\(outcome.rawValue)', which state '\(state.id)' does not take")
            return nil
        }
        return move(found.transition, Trigger(found.kind, event: outcome.rawValue), extraChanges: changes)
    }

    /// Ends the session.
    mutating func end(_ outcome: EndOutcome) {
        actions.append(.end(outcome))
        session.state.status = .ended(outcome)
        session.state.timers.removeAll()
    }

    /// Ends the contact without a designed end: the move is recorded with no target.
    mutating func abandon(_ outcome: EndOutcome, event: String?, note: String? = nil) {
        if session.state.frames.count > 1 {
            session.state.frames.removeSubrange(1...)
            session.programs.removeSubrange(1...)
        }
        record(from: frame.state, to: -1, trigger: Trigger(.abandon, event: event), changes: [], note: note)
        records[records.count - 1].outcome = outcome
        end(outcome)
    }

    /// A fault the design did not foresee stops the contact, as `failed`, saying why.
    mutating func fail(_ note: String) {
        guard session.state.isActive else { return }
        abandon(.failed, event: nil, note: note)
    }

    // MARK: Records

    mutating func record(from: Int32, to: Int32, trigger: Trigger, changes: [VariableChange], note: String? = nil) {
        records.append(TraversalRecord(
            sequence: session.state.nextSequence, context: session.context, program: program, depth: depth,
            fromState: from, toState: to, trigger: trigger, actor: actor,
            enteredAt: from < 0 ? time : frame.enteredAt, leftAt: time,
            outcome: to >= 0 ? program.states[Int(to)].endOutcome : nil, changes: changes, note: note))
        session.state.nextSequence += 1
    }

    func change(slot: Int, value: Value) -> VariableChange {
        VariableChange(name: program.slotName(slot), value: program.piiSlots[slot] ? nil : value)
    }
}
