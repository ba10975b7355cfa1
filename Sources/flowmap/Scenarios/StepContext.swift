import FlowModel
import FlowRuntime

/// What names in a scenario's steps are checked against: its flow and the library.
struct StepContext {
    let program: FlowProgram
    let library: ScenarioLibrary

    var flow: Flow { program.flow }

    /// Flows this flow calls as subflows, directly or through others.
    var subflows: [Flow] {
        var found: [Flow] = []
        var queue = [flow]
        while let next = queue.popLast() {
            for state in next.states {
                guard case .subflow(let call) = state.kind, let child = library.flow(call.flow),
                    !found.contains(where: { $0.id == child.id })
                else { continue }
                found.append(child)
                queue.append(child)
            }
        }
        return found
    }
}
