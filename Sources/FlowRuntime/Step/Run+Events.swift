import FlowExpression
import FlowModel
import Foundation

extension Run {
    /// Applies one event to the running state. Throws only before changing anything.
    mutating func handle(_ event: SessionEvent) throws(StepError) {
        switch event.kind {
        case .input(let text):
            try input(text)
        case .form(let fields):
            try form(fields)
        case .noInput:
            guard state.kind == .collect else { return try dispatch(.noInput) }
            noInput(trigger: Trigger(.event, event: "no-input"))
        case .noMatch:
            guard state.kind == .collect else { return try dispatch(.noMatch) }
            noMatch()
        case .outcome(let name, let results):
            try outcome(name, results: results, text: nil)
        case .external(let name, let text, let data):
            guard program.eventID(named: name) != nil else { throw .unknownEvent(name) }
            try outcome(name, results: data, text: text)
        case .timer(let kind, let depth, let visit):
            try timer(kind, depth: depth, visit: visit)
        case .hangup:
            if let found = find(.hangup) {
                take(found.transition, Trigger(found.kind, event: "hangup"))
            } else if program.handlers.contains(where: { $0.event == .hangup }) {
                // The flow handles hang-ups, but not here: this step (a ticket being routed, an
                // order being placed) goes on without the customer. The log keeps the hang-up.
                record(
                    from: frame.state, to: frame.state, trigger: Trigger(.event, event: "hangup"), changes: [],
                    note: "the customer hung up; state '\(state.id)' is excepted from the hang-up handler, so the flow goes on")
            } else {
                abandon(.abandoned, event: "hangup")
            }
        case .agentRequest:
            try dispatch(.agentRequest)
        case .override(let name, let reason):
            guard session.state.mode == .guided else { throw .notGuided }
            guard let target = program.stateIndex(named: name) else { throw .unknownState(name) }
            jump(to: target, Trigger(.override, reason: reason))
            run(from: target)
        case .recordStep(let name, let note):
            guard session.state.mode == .guided else { throw .notGuided }
            guard let target = program.stateIndex(named: name) else { throw .unknownState(name) }
            // The step happened outside the engine: record it, and carry on from it
            // without doing its work again.
            jump(to: target, Trigger(.outside, reason: note))
            runAfterOutsideStep(target)
        }
    }

    /// Takes the transition for `event`: the state's, a handler's, or the failed fallback.
    mutating func dispatch(_ event: EventID) throws(StepError) {
        guard let found = find(event) ?? fallback(for: event) else {
            throw .unhandled(event: program.eventName(event), state: state.id)
        }
        take(found.transition, Trigger(found.kind, event: program.eventNames[Int(event.rawValue)].rawValue))
    }

    /// The state's first transition on `event` whose guard holds, else a handler's.
    func find(_ event: EventID) -> (transition: ProgramTransition, kind: Trigger.Kind)? {
        find(event, in: frame.variables)
    }

    func find(_ event: EventID, in variables: SlotEnvironment) -> (transition: ProgramTransition, kind: Trigger.Kind)? {
        let state = self.state
        for transition in state.transitions where transition.event == event && holds(transition, in: variables) {
            return (transition, .event)
        }
        guard state.kind != .end else { return nil }
        for (index, handler) in program.handlers.enumerated()
        where handler.event == event && !state.exceptedHandlers[index] && holds(handler, in: variables) {
            return (handler, .handler)
        }
        return nil
    }

    /// Outcomes other than success go to the state's `failed` transition when nothing takes them.
    func fallback(for event: EventID) -> (transition: ProgramTransition, kind: Trigger.Kind)? {
        // A switch, not an array literal: the literal was allocated on every call.
        switch event {
        case .ok, .connected, .handedOff, .resolved, .failed: return nil
        default: return failedTransition()
        }
    }

    /// The `failed` transition of a task, transfer or subflow state, as a fallback.
    func failedTransition(in variables: SlotEnvironment? = nil) -> (transition: ProgramTransition, kind: Trigger.Kind)? {
        switch state.kind {
        case .task, .transfer, .subflow: break
        default: return nil
        }
        return find(.failed, in: variables ?? frame.variables).map { ($0.transition, .fallback) }
    }

    // MARK: Outcomes and external events

    /// An outcome or external event with results: the results are stored only if something
    /// takes the event (guards may read them, so they are tried on the results first).
    mutating func outcome(_ name: String, results: [String: Value], text: String?) throws(StepError) {
        let id = program.eventID(named: name)
        // The results go into the frame's own variables, in place (a copy of the variables
        // cost two arrays a step); what they replace is kept, to be put back on a refusal.
        var replaced = ReplacedSlots()
        if let text { replaced.write(.string(text), to: program.inputSlot, in: &frame.variables) }
        storeResults(results, replacing: &replaced)
        let found: (transition: ProgramTransition, kind: Trigger.Kind)?
        if let id {
            found = find(id) ?? (fallback(for: id) != nil ? failedTransition() : nil)
        } else {
            // An outcome nobody declared still happened: it goes where failures go.
            found = failedTransition()
        }
        guard let found else {
            replaced.restore(in: &frame.variables)
            throw id == nil ? .unknownEvent(name) : .unhandled(event: name, state: state.id)
        }
        take(found.transition, Trigger(found.kind, event: name))
    }

    // MARK: Input

    mutating func input(_ text: String) throws(StepError) {
        let state = self.state
        guard state.kind == .collect else {
            // Outside a collect only a handler can take input ("0 for an agent" while a task runs).
            var variables = frame.variables
            variables[program.inputSlot] = .string(text)
            guard let handler = inputHandler(in: variables) else { throw .unhandled(event: "input", state: state.id) }
            frame.variables = variables
            return take(handler, Trigger(.handler, event: "input"))
        }
        frame.variables[program.inputSlot] = .string(text)
        if accepts(text, state.validation) {
            for transition in state.transitions where transition.event == .input && holds(transition) {
                return take(transition, Trigger(.event, event: "input"))
            }
        }
        // Handlers see the raw input: "0 for an agent" works in a collect that wants 11 digits.
        if let handler = inputHandler(in: frame.variables) {
            return take(handler, Trigger(.handler, event: "input"))
        }
        noMatch()
    }

    func inputHandler(in variables: SlotEnvironment) -> ProgramTransition? {
        let state = self.state
        for (index, handler) in program.handlers.enumerated()
        where handler.event == .input && !state.exceptedHandlers[index] && holds(handler, in: variables) {
            return handler
        }
        return nil
    }

    /// A web form: each field into its variable, then `input` as for any collect.
    mutating func form(_ fields: [String: String]) throws(StepError) {
        guard state.kind == .collect, case .collect(let collect) = state.model.kind else {
            throw .unhandled(event: "input", state: state.id)
        }
        for field in collect.formFields {
            guard let slot = field.variable.slot else { continue }
            let text = fields[field.variable.name] ?? ""
            if text.isEmpty {
                if field.required { return noMatch() }
                continue
            }
            guard let value = Self.convert(text, to: program.flow.variables[slot].type) else { return noMatch() }
            frame.variables[slot] = value
        }
        frame.variables[program.inputSlot] = .string(fields.keys.sorted().joined(separator: ","))
        for transition in state.transitions where transition.event == .input && holds(transition) {
            return take(transition, Trigger(.event, event: "input"))
        }
        noMatch()
    }

    /// Whether input passes the collect's length, pattern and `valid`, storing it if so.
    mutating func accepts(_ text: String, _ validation: InputValidation?) -> Bool {
        guard let validation else { return true }
        if validation.length != nil || validation.minLength != nil || validation.maxLength != nil {
            // Digits and plain text are ASCII: counting bytes is counting characters there,
            // without the cost of grapheme breaking.
            let count = text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : text.count
            if let length = validation.length, count != length { return false }
            if let low = validation.minLength, count < low { return false }
            if let high = validation.maxLength, count > high { return false }
        }
        if let pattern = validation.pattern, evaluate(pattern) != .bool(true) { return false }
        if let valid = validation.valid, evaluate(valid) != .bool(true) { return false }
        if let slot = validation.store, let type = validation.storeType {
            guard let value = Self.convert(text, to: type) else { return false }
            frame.variables[slot] = value
        }
        return true
    }

    /// A value from outside (a task result) as the declared type: ints widen to decimals,
    /// text converts when it reads as the type; anything else does not fit.
    static func fit(_ value: Value, to type: ExpressionType) -> Value? {
        switch (value, type) {
        case (.bool, .bool), (.int, .int), (.decimal, .decimal), (.string, .string), (.list, .list), (.record, .record):
            return value
        case (.int(let integer), .decimal): return .decimal(Decimal(integer))
        case (.string(let text), _): return convert(text, to: type)
        default: return nil
        }
    }

    static func convert(_ text: String, to type: ExpressionType) -> Value? {
        switch type {
        case .string: return .string(text)
        case .int: return Int64(text).map { .int($0) }
        case .decimal: return Decimal(string: text).map { .decimal($0) }
        case .bool: return text == "true" ? .bool(true) : (text == "false" ? .bool(false) : nil)
        default: return nil
        }
    }

    // MARK: Retries

    mutating func noInput(trigger: Trigger) {
        let state = self.state
        frame.noInputs += 1
        frame.attempts += 1
        for transition in state.transitions where transition.event == .noInput && holds(transition) {
            return take(transition, trigger)
        }
        retry(limit: state.noInputLimit, count: frame.noInputs, noInput: true, trigger: trigger)
    }

    mutating func noMatch() {
        let state = self.state
        frame.noMatches += 1
        frame.attempts += 1
        let trigger = Trigger(.event, event: "no-match")
        for transition in state.transitions where transition.event == .noMatch && holds(transition) {
            return take(transition, trigger)
        }
        retry(limit: state.noMatchLimit, count: frame.noMatches, noInput: false, trigger: trigger)
    }

    /// Re-asks, or leaves by the limit's exit once the count passes it.
    mutating func retry(limit: Limit?, count: UInt16, noInput: Bool, trigger: Trigger) {
        let state = self.state
        if let attempts = state.attemptLimit, Int(frame.attempts) >= attempts.max, let exit = attempts.exit {
            return take(exit, Trigger(.limit, event: trigger.event))
        }
        if let limit, Int(count) > limit.max, let exit = limit.exit {
            return take(exit, Trigger(.limit, event: trigger.event))
        }
        // A retry is a move from the collect to itself; its counters survive it.
        var retryTrigger = trigger
        retryTrigger.kind = .retry
        record(from: frame.state, to: frame.state, trigger: retryTrigger, changes: [])
        let depth = self.depth
        let visit = frame.visit
        session.state.timers.removeAll { $0.depth == depth && $0.visit == visit && $0.kind == .input }
        emitMessage(noInput ? state.noInputMessage : state.noMatchMessage)
        emitMessage(state.message)
        emitCollect(retry: Int(count))
    }

    // MARK: Timers

    mutating func timer(_ kind: TimerKind, depth: Int, visit: UInt32) throws(StepError) {
        // A timer armed for an earlier visit, or a frame that has returned, is stale. The
        // session's own limit (depth 0) applies in whatever frame runs; a subflow's only
        // while that subflow is the running frame.
        let current = kind == .flow ? (depth == 0 || depth == self.depth) : (depth == self.depth && visit == frame.visit)
        guard current else {
            session.state.timers.removeAll { $0.kind == kind && $0.depth == depth && $0.visit == visit }
            return
        }
        let event: EventID =
            switch kind {
            case .input: .noInput
            case .operation: .timeout
            case .sla: .slaExpired
            case .flow: .flowTimeout
            }
        let name = program.eventNames[Int(event.rawValue)].rawValue
        let found = kind == .input ? nil : (find(event) ?? (kind == .operation ? fallback(for: event) : nil))
        if kind == .operation, found == nil { throw .unhandled(event: name, state: state.id) }
        session.state.timers.removeAll { $0.kind == kind && $0.depth == depth && $0.visit == visit }
        switch kind {
        case .input where state.kind == .collect:
            noInput(trigger: Trigger(.timer, event: name))
        case .sla where found == nil:
            // Nothing handles it: the contact stays, and the log shows the time over the SLA.
            record(from: frame.state, to: frame.state, trigger: Trigger(.timer, event: name), changes: [])
        case .flow where found == nil && depth > 0:
            // A subflow ran out of its own time: it ends failed, and its caller goes on from there.
            record(from: frame.state, to: -1, trigger: Trigger(.timer, event: name), changes: [])
            records[records.count - 1].outcome = .failed
            if let next = finish(.failed) { run(from: next) }
        case .flow where found == nil:
            abandon(.failed, event: name)
        default:
            if let found { take(found.transition, Trigger(found.kind == .event ? .timer : found.kind, event: name)) }
        }
    }

    /// After a step done outside the engine: prompts and decisions carry on as designed;
    /// a state that waits keeps waiting for its outcome, without asking again.
    mutating func runAfterOutsideStep(_ target: Int32) {
        switch program.states[Int(target)].kind {
        case .prompt:
            if let next = choose(among: state.transitions, event: .done) { run(from: next) }
        case .decision, .end, .subflow:
            run(from: target)
        default:
            break
        }
    }

    // MARK: Evaluation

    func holds(_ transition: ProgramTransition) -> Bool {
        holds(transition, in: frame.variables)
    }

    func holds(_ transition: ProgramTransition, in variables: SlotEnvironment) -> Bool {
        guard let guardExpression = transition.guardExpression else { return true }
        // A pattern, not `== .bool(true)`: comparing optionals copied the value twice.
        if case .bool(true) = try? guardExpression.evaluate(in: variables) { return true }
        return false
    }

    /// A failed evaluation (division by zero, a bad conversion) counts as no value.
    func evaluate(_ expression: CheckedExpression?) -> Value? {
        guard let expression else { return nil }
        return try? expression.evaluate(in: frame.variables)
    }

    /// Runs assignments in order; a failed one leaves its variable unchanged and is noted.
    mutating func assign(_ assignments: [ProgramAssignment]) -> (changes: [VariableChange], note: String?) {
        guard !assignments.isEmpty else { return ([], nil) }
        var changes: [VariableChange] = []
        var note: String?
        for assignment in assignments {
            do {
                let value = try assignment.value.evaluate(in: frame.variables)
                frame.variables[assignment.slot] = value
                changes.append(change(slot: assignment.slot, value: value))
            } catch {
                note = "set \(program.slotName(assignment.slot)) failed: \(error.message)"
            }
        }
        return (changes, note)
    }

    /// Task, wait and event results into the frame's variables their state maps them to,
    /// keeping what they replace in `replaced`.
    mutating func storeResults(_ results: [String: Value], replacing replaced: inout ReplacedSlots) {
        guard !results.isEmpty else { return }
        let bindings: [ResultBinding]
        switch state.model.kind {
        case .task(let task): bindings = task.results
        case .wait(let wait): bindings = wait.results
        default: return
        }
        let program = self.program
        for binding in bindings {
            guard let slot = binding.variable.slot, let value = results[binding.field] else { continue }
            if let fitted = Self.fit(value, to: program.flow.variables[slot].type) {
                replaced.write(fitted, to: slot, in: &frame.variables)
            }
        }
    }
}
