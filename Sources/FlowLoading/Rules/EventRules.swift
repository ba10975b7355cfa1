import FlowModel

/// Rules on events: a transition waits only for what its state can raise (FM210), and
/// every outcome of a task, transfer or wait is handled (FM211).
///
/// Outcome fallback, as the runtime applies it: an outcome other than `ok`, `connected`,
/// `handed-off` or a waited-for event that has no transition goes to the `failed`
/// transition. So a task needs `ok` and `failed`; named outcomes and `timeout` are optional.
enum EventRules {
    /// Events any state may raise, caught by the state itself or by a handler.
    static let anywhere: [FlowEvent] = [.hangup, .agentRequest, .flowTimeout, .slaExpired]

    static func check(_ flow: Flow, context: RuleContext, into diagnostics: inout [Diagnostic]) {
        // A state raises a handful of events: small arrays beat sets here.
        var raised = anywhere
        for state in flow.states {
            let events = self.events(raisedBy: state, flow: flow, context: context)
            for event in events where !raised.contains(event) { raised.append(event) }
            // End states take no transitions at all (FM209 says so).
            for transition in state.transitions where !state.isEnd {
                guard let event = transition.event, !events.contains(event), !anywhere.contains(event) else { continue }
                let names = Set((events + anywhere).map(\.rawValue)).sorted()
                diagnostics.append(Diagnostic(
                    .unknownEvent,
                    "\(state.kind.name) state '\(state.id)' never raises '\(event)'; it raises \(names.joined(separator: ", "))\(DidYouMean.clause(for: event.rawValue, among: names))",
                    at: transition.location))
            }
            checkOutcomes(state, flow: flow, context: context, into: &diagnostics)
        }
        for handler in flow.handlers {
            guard let event = handler.transition.event, !raised.contains(event) else { continue }
            let names = Set(raised.map(\.rawValue)).sorted()
            diagnostics.append(Diagnostic(
                .unknownEvent,
                "no state of this flow raises '\(event)', so this handler never fires\(DidYouMean.clause(for: event.rawValue, among: names))",
                at: handler.transition.location))
        }
    }

    /// What a state raises by its kind.
    static func events(raisedBy state: State, flow: Flow, context: RuleContext) -> [FlowEvent] {
        switch state.kind {
        case .prompt: return [.done]
        case .collect: return [.input, .noInput, .noMatch]
        case .decision, .end: return []
        case .task(let task):
            if let operation = context.flowMap?.operation(task.operation) { return operation.allOutcomes }
            // Without the catalogue, any outcome the state names is taken at its word.
            return [.ok, .failed, .timeout] + state.transitions.compactMap(\.event)
        case .transfer(let transfer):
            return transfer.handoff == nil ? FlowEvent.transferOutcomes : FlowEvent.handoffOutcomes
        case .wait(let wait): return wait.events + [.timeout]
        case .subflow: return FlowEvent.subflowOutcomes
        }
    }

    private static func checkOutcomes(_ state: State, flow: Flow, context: RuleContext, into diagnostics: inout [Diagnostic]) {
        let required: [FlowEvent]
        switch state.kind {
        case .task: required = [.ok, .failed]
        case .transfer(let transfer): required = transfer.handoff == nil ? [.connected, .failed] : [.handedOff, .failed]
        case .wait(let wait): required = wait.events + [.timeout]
        default: return
        }
        let missing = required.filter { event in
            !state.transitions.contains { $0.event == event } && !flow.handlers.contains { $0.transition.event == event }
        }
        guard !missing.isEmpty else { return }
        diagnostics.append(Diagnostic(
            .unhandledOutcome,
            "\(state.kind.name) state '\(state.id)' does not handle \(missing.map { "'\($0)'" }.joined(separator: ", ")); a contact with that outcome would be stuck here",
            at: state.location))
    }
}
