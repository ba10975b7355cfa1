import FlowExpression
import FlowModel

/// Compiles a lint-clean `Flow` into a `FlowProgram`.
public enum ProgramCompiler {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var flow: String
        public var reason: String
        public var description: String { "flow '\(flow)' cannot run: \(reason)" }
    }

    /// - Parameters:
    ///   - version: the content hash of the flow's file (see `FlowVersion`).
    ///   - channelMode: the mode of the flow's channel, used when the flow sets none.
    ///   - operations: the flow map's operations catalogue, whose declared outcomes become events.
    public static func compile(
        _ flow: Flow, version: String, channelMode: InteractionMode = .automated, operations: [Operation] = []
    ) throws(Failure) -> FlowProgram {
        func fail(_ reason: String) -> Failure { Failure(flow: flow.id, reason: reason) }
        guard flow.undecodedKeys.isEmpty else {
            throw fail("keys \(flow.undecodedKeys.sorted().joined(separator: ", ")) did not load; run flowmap lint")
        }
        guard let start = flow.start.index else { throw fail("its start state '\(flow.start.name)' does not exist") }

        // Events: built-ins first, then every other name a state or handler uses.
        var eventNames = EventID.builtinNames
        func eventID(_ event: FlowEvent) -> EventID {
            if let index = eventNames.firstIndex(of: event) { return EventID(Int32(index)) }
            eventNames.append(event)
            return EventID(Int32(eventNames.count - 1))
        }
        for state in flow.states {
            if case .wait(let wait) = state.kind { wait.events.forEach { _ = eventID($0) } }
        }

        func compile(_ transition: Transition, position: Int) throws(Failure) -> ProgramTransition {
            guard let target = transition.target.index else {
                throw fail("transition to '\(transition.target.name)' names no state")
            }
            if transition.guardExpression != nil, transition.guardExpression?.checked == nil {
                throw fail("guard '\(transition.guardExpression!.text)' did not check")
            }
            var assignments: [ProgramAssignment] = []
            for assignment in transition.assignments {
                guard let slot = assignment.variable.slot, let value = assignment.value.checked else {
                    throw fail("assignment to '\(assignment.variable.name)' did not check")
                }
                assignments.append(ProgramAssignment(slot: slot, value: value))
            }
            return ProgramTransition(
                event: transition.event.map(eventID), guardExpression: transition.guardExpression?.checked,
                target: Int32(target), assignments: assignments, origin: transition.origin, position: position)
        }

        var handlers: [ProgramTransition] = []
        for (index, handler) in flow.handlers.enumerated() {
            handlers.append(try compile(handler.transition, position: index))
        }
        var states: [ProgramState] = []
        for (index, state) in flow.states.enumerated() {
            var own: [ProgramTransition] = []
            var visitLimit: Limit?
            var noInput: ProgramTransition?
            var noMatch: ProgramTransition?
            var attempts: ProgramTransition?
            for (position, transition) in state.transitions.enumerated() {
                let compiled = try compile(transition, position: position)
                switch transition.origin {
                case .visitLimit: visitLimit = Limit(max: state.visitLimit?.max ?? 0, exit: compiled)
                case .noInputExhausted: noInput = compiled
                case .noMatchExhausted: noMatch = compiled
                case .attemptsExhausted: attempts = compiled
                default: own.append(compiled)
                }
            }
            var validation: InputValidation?
            var noInputLimit: Limit?
            var noMatchLimit: Limit?
            var attemptLimit: Limit?
            var inputTimeout: Int64?
            var operationTimeout: Int64?
            var subflow: String?
            let kind: ProgramState.Kind
            switch state.kind {
            case .prompt: kind = .prompt
            case .decision: kind = .decision
            case .end: kind = .end
            case .collect(let collect):
                kind = .collect
                inputTimeout = collect.timeout?.milliseconds
                validation = try Self.validation(collect, flow: flow, fail: fail)
                if let policy = collect.noInput { noInputLimit = Limit(max: policy.max, exit: noInput) }
                if let policy = collect.noMatch { noMatchLimit = Limit(max: policy.max, exit: noMatch) }
                if let max = collect.maxAttempts { attemptLimit = Limit(max: max, exit: attempts) }
            case .task(let task):
                kind = .task
                operationTimeout = task.timeout?.milliseconds
                for argument in task.arguments where argument.value.checked == nil {
                    throw fail("argument '\(argument.name)' of state '\(state.id)' did not check")
                }
                for outcome in state.transitions.compactMap(\.event) { _ = eventID(outcome) }
                for outcome in operations.first(where: { $0.id == task.operation })?.allOutcomes ?? [] {
                    _ = eventID(outcome)
                }
            case .transfer(let transfer):
                kind = .transfer
                operationTimeout = transfer.timeout?.milliseconds
            case .wait(let wait):
                kind = .wait
                operationTimeout = wait.timeout?.milliseconds
            case .subflow(let call):
                kind = .subflow
                subflow = call.flow
                for argument in call.arguments where argument.value.checked == nil {
                    throw fail("argument '\(argument.name)' of state '\(state.id)' did not check")
                }
            }
            let excepted = flow.handlers.map { handler in
                handler.except.contains { $0.index == index } || handler.transition.target.index == index
            }
            states.append(ProgramState(
                id: state.id, kind: kind, model: state, transitions: own, visitLimit: visitLimit,
                noInputLimit: noInputLimit, noMatchLimit: noMatchLimit, attemptLimit: attemptLimit,
                inputTimeout: inputTimeout, operationTimeout: operationTimeout, sla: state.sla?.milliseconds,
                endOutcome: state.endOutcome, subflow: subflow, exceptedHandlers: excepted, validation: validation))
        }

        var initial = SlotEnvironment(scope: flow.expressionScope)
        var pii = Array(repeating: false, count: flow.variables.count + 2)
        for (slot, variable) in flow.variables.enumerated() {
            pii[slot] = variable.pii
            if let value = variable.defaultValue {
                initial[slot] = value
            }
        }
        return FlowProgram(
            flow: flow, version: version, states: states, handlers: handlers, start: Int32(start),
            eventNames: eventNames, initialVariables: initial, piiSlots: pii, mode: flow.mode ?? channelMode)
    }

    private static func validation(
        _ collect: Collect, flow: Flow, fail: (String) -> Failure
    ) throws(Failure) -> InputValidation {
        let scope = flow.expressionScope
        var pattern: CheckedExpression?
        if let text = collect.pattern?.pattern {
            let literal = "'" + text.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
            guard case .success(let checked) = CheckedExpression.compile("input.matches(\(literal))", in: scope, expecting: .bool)
            else { throw fail("pattern '\(text)' does not compile") }
            pattern = checked
        }
        if collect.valid != nil, collect.valid?.checked == nil { throw fail("a 'valid' expression did not check") }
        let storeType = collect.store?.slot.map { flow.variables[$0].type }
        return InputValidation(
            length: collect.length, minLength: collect.minLength, maxLength: collect.maxLength, pattern: pattern,
            valid: collect.valid?.checked, store: collect.store?.slot, storeType: storeType)
    }
}
