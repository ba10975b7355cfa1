import FlowModel

/// What rules may consult beyond the flow they check: the map and the other flows.
struct RuleContext: Sendable {
    let flowMap: FlowMap?
    let flows: [Flow]
    /// The first flow declared with each id.
    let flowsByID: [String: Flow]
    /// The map's names by kind, looked up once per library rather than once per flow.
    let names: MapNames

    struct MapNames: Sendable {
        var businesses: Set<String> = []
        var channels: Set<String> = []
        var units: Set<String> = []
        var performers: Set<String> = []
        var queues: Set<String> = []
        var skills: Set<String> = []
    }

    init(flowMap: FlowMap?, flows: [Flow]) {
        self.flowMap = flowMap
        self.flows = flows
        var byID: [String: Flow] = [:]
        for flow in flows where byID[flow.id] == nil { byID[flow.id] = flow }
        self.flowsByID = byID
        var names = MapNames()
        if let flowMap {
            names.businesses = Set(flowMap.businesses.map(\.id))
            names.channels = Set(flowMap.channels.map(\.id))
            names.units = Set(flowMap.organisation.units.map(\.id))
            names.performers = Set(flowMap.organisation.performerNames)
            names.queues = Set(flowMap.organisation.queues.map(\.id))
            names.skills = Set(flowMap.organisation.skills.map(\.id))
        }
        self.names = names
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
///
/// They read the flow and the flow map only, never `context.flows`: the loader runs them
/// on each flow as soon as it is decoded, before the other flows exist.
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
