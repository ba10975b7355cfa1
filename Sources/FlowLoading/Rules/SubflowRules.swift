import FlowModel

/// Rules across flows that call each other: missing subflows (FM501), call cycles
/// (FM502), argument and result bindings (FM503) and unhandled child outcomes (FM211).
enum SubflowRules {
    static func check(context: RuleContext, into diagnostics: inout [Diagnostic]) {
        for flow in context.flows {
            for state in flow.states {
                guard case .subflow(let call) = state.kind, !call.flow.isEmpty else { continue }
                guard let child = context.flowsByID[call.flow] else {
                    diagnostics.append(Diagnostic(
                        .missingSubflow,
                        "subflow '\(call.flow)' is not a flow of this library\(DidYouMean.clause(for: call.flow, among: context.flowsByID.keys.sorted()))",
                        at: call.flowLocation))
                    continue
                }
                checkBindings(call, state: state, parent: flow, child: child, into: &diagnostics)
                checkOutcomes(state, parent: flow, child: child, into: &diagnostics)
            }
        }
        checkCycles(context: context, into: &diagnostics)
    }

    private static func checkBindings(_ call: SubflowCall, state: State, parent: Flow, child: Flow, into diagnostics: inout [Diagnostic]) {
        let note = Diagnostic.Note("flow '\(child.id)' declared here", at: child.location)
        if child.channel.name != parent.channel.name {
            diagnostics.append(Diagnostic(
                .subflowBinding,
                "subflow '\(child.id)' runs on channel '\(child.channel.name)', but '\(parent.id)' calls it on '\(parent.channel.name)'",
                at: call.flowLocation, notes: [note]))
        }
        let childNames = child.variables.map(\.name)
        for argument in call.arguments {
            guard let slot = child.variableSlot(named: argument.name) else {
                diagnostics.append(Diagnostic(
                    .subflowBinding,
                    "subflow '\(child.id)' declares no variable '\(argument.name)' to pass a value to\(DidYouMean.clause(for: argument.name, among: childNames))",
                    at: argument.location, notes: [note]))
                continue
            }
            let expected = child.variables[slot].type
            if let type = argument.value.checked?.type, !expected.isAssignable(from: type) {
                diagnostics.append(Diagnostic(
                    .subflowBinding,
                    "'\(argument.name)' of subflow '\(child.id)' is \(expected), but the value passed is \(type)",
                    at: argument.value.location, notes: [note]))
            }
        }
        for result in call.results {
            guard let slot = child.variableSlot(named: result.field) else {
                diagnostics.append(Diagnostic(
                    .subflowBinding,
                    "subflow '\(child.id)' declares no variable '\(result.field)' to read back\(DidYouMean.clause(for: result.field, among: childNames))",
                    at: result.location, notes: [note]))
                continue
            }
            let type = child.variables[slot].type
            if let parentSlot = result.variable.slot, !parent.variables[parentSlot].type.isAssignable(from: type) {
                diagnostics.append(Diagnostic(
                    .subflowBinding,
                    "'\(result.field)' of subflow '\(child.id)' is \(type) and cannot be stored in '\(result.variable.name)', which is \(parent.variables[parentSlot].type)",
                    at: result.variable.location, notes: [note]))
            }
        }
    }

    /// Every outcome the child can end with is handled, or falls back to `failed`.
    private static func checkOutcomes(_ state: State, parent: Flow, child: Flow, into diagnostics: inout [Diagnostic]) {
        let outcomes = Set(child.states.compactMap(\.endOutcome).map { FlowEvent($0.rawValue) })
        let handled = Set(state.transitions.compactMap(\.event) + parent.handlers.map(\.transition).compactMap(\.event))
        let fallsBack = handled.contains(.failed)
        let missing = outcomes.filter { !handled.contains($0) && !($0 != FlowEvent(EndOutcome.resolved.rawValue) && fallsBack) }
            .sorted()
        guard !missing.isEmpty else { return }
        diagnostics.append(Diagnostic(
            .unhandledOutcome,
            "subflow state '\(state.id)' does not handle \(missing.map { "'\($0)'" }.joined(separator: ", ")), which '\(child.id)' can end with",
            at: state.location))
    }

    /// FM502: flows that call each other in a cycle, reported once per cycle.
    private static func checkCycles(context: RuleContext, into diagnostics: inout [Diagnostic]) {
        let ids = context.flowsByID.keys.sorted()
        var calls: [String: [(callee: String, location: SourceLocation)]] = [:]
        for id in ids {
            guard let flow = context.flowsByID[id] else { continue }
            for state in flow.states {
                if case .subflow(let call) = state.kind, context.flowsByID[call.flow] != nil {
                    calls[id, default: []].append((call.flow, call.flowLocation))
                }
            }
        }
        var reported: Set<[String]> = []
        var finished: Set<String> = []
        for start in ids where !finished.contains(start) {
            // Depth-first with an explicit path, to name the cycle's members in call order.
            var path: [(id: String, next: Int)] = [(start, 0)]
            var onPath: Set<String> = [start]
            while let top = path.last {
                let edges = calls[top.id] ?? []
                if top.next >= edges.count {
                    finished.insert(top.id)
                    onPath.remove(top.id)
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let edge = edges[top.next]
                if onPath.contains(edge.callee) {
                    let from = path.firstIndex { $0.id == edge.callee }!
                    let members = path[from...].map(\.id)
                    let key = members.sorted()
                    if reported.insert(key).inserted {
                        diagnostics.append(Diagnostic(
                            .subflowCycle,
                            "flows call each other in a cycle: \((members + [edge.callee]).joined(separator: " -> ")); a contact could nest subflows for ever",
                            at: edge.location))
                    }
                } else if !finished.contains(edge.callee) {
                    path.append((edge.callee, 0))
                    onPath.insert(edge.callee)
                }
            }
        }
    }
}
