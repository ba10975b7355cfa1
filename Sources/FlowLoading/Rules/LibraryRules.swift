import FlowModel

/// Rules over the whole library: duplicate flow ids, subflows, and the flow map.
enum LibraryRules {
    static func check(context: RuleContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        checkDuplicateFlows(context: context, into: &diagnostics)
        SubflowRules.check(context: context, into: &diagnostics)
        if let map = context.flowMap {
            MapRules.check(map, context: context, into: &diagnostics)
        }
        return diagnostics
    }

    private static func checkDuplicateFlows(context: RuleContext, into diagnostics: inout [Diagnostic]) {
        var first: [String: Flow] = [:]
        for flow in context.flows {
            if let earlier = first[flow.id] {
                diagnostics.append(Diagnostic(
                    .duplicateFlow, "flow id '\(flow.id)' is already declared by \(earlier.file)", at: flow.location,
                    notes: [.init("first declared here", at: earlier.location)]))
            } else {
                first[flow.id] = flow
            }
        }
    }
}
