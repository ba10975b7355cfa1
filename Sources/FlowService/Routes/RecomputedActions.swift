import FlowModel
import FlowRuntime

/// What a session waits for, rebuilt from the state it stands in, for when this server
/// does not hold the actions of its last answer (it restarted, or forgot the session).
///
/// Only the action that waits is rebuilt: a collect, a task to run (its arguments
/// evaluated against the session's variables now), a transfer or handoff, an await.
/// Prompts already spoken are not repeated, and a handoff's message is not rendered (the
/// runtime renders templates only while it steps).
enum RecomputedActions {
    static func of(_ session: SessionState, library: ProgramLibrary) -> [RenderedAction] {
        if case .ended(let outcome) = session.status { return [.end(outcome: outcome.rawValue)] }
        let frame = session.current
        guard let program = library.program(flow: frame.flowID, version: frame.version),
            program.states.indices.contains(Int(frame.state))
        else { return [] }
        let state = program.states[Int(frame.state)]
        switch state.model.kind {
        case .collect:
            return state.collectRequest.map { [.collect($0)] } ?? []
        case .task:
            guard let task = state.task else { return [] }
            var arguments: [String: String] = [:]
            for argument in task.arguments {
                if let value = try? argument.value.evaluate(in: frame.variables) { arguments[argument.name] = value.plainText }
            }
            return [.runTask(state: state.id, operation: task.operation, arguments: arguments, timeout: state.operationTimeout)]
        case .transfer(let transfer):
            if let target = transfer.target {
                return [.transfer(kind: target.kindName, target: target.name, timeout: state.operationTimeout)]
            }
            guard let handoff = transfer.handoff else { return [] }
            return [
                .handoff(
                    channel: handoff.channel, business: handoff.business ?? program.flow.business.name,
                    via: handoff.via?.rawValue, message: nil, journey: session.journey)
            ]
        case .wait(let wait):
            return [.await(events: wait.events.map(\.rawValue), timeout: wait.timeout?.milliseconds)]
        case .prompt, .decision, .subflow, .end:
            return []
        }
    }
}
