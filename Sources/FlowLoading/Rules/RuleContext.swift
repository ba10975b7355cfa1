import FlowModel

/// What rules may consult beyond the flow they check: the map and the other flows.
struct RuleContext: Sendable {
    let flowMap: FlowMap?
    let flows: [Flow]
    /// The first flow declared with each id.
    let flowsByID: [String: Flow]

    init(flowMap: FlowMap?, flows: [Flow]) {
        self.flowMap = flowMap
        self.flows = flows
        var byID: [String: Flow] = [:]
        for flow in flows where byID[flow.id] == nil { byID[flow.id] = flow }
        self.flowsByID = byID
    }

    /// The channel a flow runs on, when the map declares it.
    func channel(of flow: Flow) -> Channel? {
        flowMap?.channel(flow.channel.name)
    }

    /// Whether the flow runs guided (an agent follows it) or automated.
    func mode(of flow: Flow) -> InteractionMode {
        flow.mode ?? channel(of: flow)?.mode ?? .automated
    }
}

/// The rules that look at one flow at a time.
enum FlowRules {
    static func check(_ flow: Flow, context: RuleContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        GraphRules.check(flow, into: &diagnostics)
        EventRules.check(flow, context: context, into: &diagnostics)
        ChannelRules.check(flow, context: context, into: &diagnostics)
        ReferenceRules.check(flow, context: context, into: &diagnostics)
        VariableRules.check(flow, into: &diagnostics)
        return diagnostics
    }
}
