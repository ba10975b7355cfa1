import FlowModel

/// A state's kind in a few words, for step headers, report sections and diagram nodes.
enum StateSummary {
    /// `prompt`, `task billing.current-bill`, `transfer to queue billing-queue`, `end: resolved`.
    static func kind(_ state: State) -> String {
        switch state.kind {
        case .prompt, .collect, .decision:
            return state.kind.name
        case .task(let task):
            return "task \(task.operation)"
        case .transfer(let transfer):
            if let target = transfer.target { return "transfer to \(target)" }
            if let handoff = transfer.handoff {
                return "handoff to \(handoff.channel)" + (handoff.via.map { " via \($0.rawValue)" } ?? "")
            }
            return "transfer"
        case .wait(let wait):
            let events = wait.events.map(\.rawValue).joined(separator: ", ")
            return events.isEmpty ? "wait" : "wait for \(events)"
        case .subflow(let call):
            return "subflow \(call.flow)"
        case .end(let outcome):
            return "end: \(outcome.rawValue)"
        }
    }

    /// The mode a flow runs in: its own, or its channel's default.
    static func mode(of flow: Flow, in map: FlowMap?) -> String {
        if let mode = flow.mode { return mode.rawValue }
        if let mode = map?.channel(flow.channel.name)?.mode { return "\(mode.rawValue) (the channel's default)" }
        return "the channel's default"
    }
}
