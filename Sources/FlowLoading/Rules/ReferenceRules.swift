import FlowExpression
import FlowModel

/// Rules on the names a flow takes from the flow map: its business and channel, its
/// owner, performers and transfer targets (FM607), its handoffs, and the operations its
/// tasks call with their arguments and results (FM504).
enum ReferenceRules {
    static func check(_ flow: Flow, context: RuleContext, into diagnostics: inout [Diagnostic]) {
        guard let map = context.flowMap else { return }
        let names = context.names
        func unknown(_ ref: NameRef, _ kind: String, among known: Set<String>, declaredIn: String) {
            // An empty name is a placeholder for a key already reported missing or invalid.
            guard !ref.name.isEmpty, !known.contains(ref.name) else { return }
            diagnostics.append(Diagnostic(
                .unknownReference,
                "\(kind) '\(ref.name)' is not declared in the flow map's \(declaredIn)\(DidYouMean.clause(for: ref.name, among: known.sorted()))",
                at: ref.location))
        }
        unknown(flow.business, "business", among: names.businesses, declaredIn: "businesses")
        unknown(flow.channel, "channel", among: names.channels, declaredIn: "channels")
        unknown(flow.owner, "owner org unit", among: names.units, declaredIn: "organisation units")
        if !flow.undecodedKeys.contains("category"), let business = map.business(flow.business.name),
            business.category != flow.category
        {
            diagnostics.append(Diagnostic(
                .cellMismatch,
                "flow category '\(flow.category.rawValue)' disagrees with business '\(business.id)', which is '\(business.category.rawValue)'",
                at: flow.location, notes: [.init("business '\(business.id)' declared here", at: business.location)]))
        }
        for state in flow.states {
            for performer in state.performer {
                unknown(performer, "performer", among: names.performers, declaredIn: "organisation roles or units")
            }
            switch state.kind {
            case .transfer(let transfer):
                if let target = transfer.target, let location = transfer.targetLocation {
                    let known: Set<String>
                    let section: String
                    switch target {
                    case .queue: (known, section) = (names.queues, "organisation queues")
                    case .skill: (known, section) = (names.skills, "organisation skills")
                    case .orgUnit: (known, section) = (names.units, "organisation units")
                    }
                    unknown(NameRef(name: target.name, location: location), target.kindName, among: known, declaredIn: section)
                }
                if let handoff = transfer.handoff { checkHandoff(handoff, flow: flow, map: map, into: &diagnostics) }
            case .task(let task):
                checkTask(task, state: state, flow: flow, map: map, into: &diagnostics)
            default:
                break
            }
        }
    }

    private static func checkHandoff(_ handoff: Handoff, flow: Flow, map: FlowMap, into diagnostics: inout [Diagnostic]) {
        let business = handoff.business ?? flow.business.name
        guard map.channel(handoff.channel) != nil else {
            diagnostics.append(Diagnostic(
                .unknownReference,
                "handoff channel '\(handoff.channel)' is not declared in the flow map's channels\(DidYouMean.clause(for: handoff.channel, among: map.channels.map(\.id)))",
                at: handoff.location))
            return
        }
        guard map.business(business) != nil else {
            diagnostics.append(Diagnostic(
                .unknownReference,
                "handoff business '\(business)' is not declared in the flow map's businesses\(DidYouMean.clause(for: business, among: map.businesses.map(\.id)))",
                at: handoff.location))
            return
        }
        if handoff.channel == flow.channel.name, handoff.business == nil {
            diagnostics.append(Diagnostic(
                .invalidValue, "handoff to channel '\(handoff.channel)' continues on the channel the flow already runs on",
                at: handoff.location))
        }
        let served = map.cell(business: business, channel: handoff.channel).map { cell in
            cell.flowNames.isEmpty == false
        } ?? false
        if !served {
            diagnostics.append(Diagnostic(
                .unknownFlow,
                "handoff continues on (\(business), \(handoff.channel)), which the flow map serves with no flow",
                at: handoff.location))
        }
    }

    private static func checkTask(_ task: TaskCall, state: State, flow: Flow, map: FlowMap, into diagnostics: inout [Diagnostic]) {
        guard !task.operation.isEmpty else { return }
        guard let operation = map.operation(task.operation) else {
            diagnostics.append(Diagnostic(
                .unknownOperation,
                "operation '\(task.operation)' is not in the flow map's operations\(DidYouMean.clause(for: task.operation, among: map.operations.map(\.id)))",
                at: task.operationLocation))
            return
        }
        let note = Diagnostic.Note("operation '\(operation.id)' declared here", at: operation.location)
        for argument in task.arguments {
            guard let field = operation.arguments.first(where: { $0.name == argument.name }) else {
                diagnostics.append(Diagnostic(
                    .unknownOperation,
                    "operation '\(operation.id)' takes no argument '\(argument.name)'\(DidYouMean.clause(for: argument.name, among: operation.arguments.map(\.name)))",
                    at: argument.location, notes: [note]))
                continue
            }
            if let type = argument.value.checked?.type, !field.type.isAssignable(from: type) {
                diagnostics.append(Diagnostic(
                    .typeMismatch, "argument '\(argument.name)' of '\(operation.id)' is \(field.type), but the expression is \(type)",
                    at: argument.value.location, notes: [note]))
            }
        }
        for field in operation.arguments where field.required && !task.arguments.contains(where: { $0.name == field.name }) {
            diagnostics.append(Diagnostic(
                .unknownOperation, "task '\(state.id)' does not pass the required argument '\(field.name)' of '\(operation.id)'",
                at: task.operationLocation, notes: [note]))
        }
        for result in task.results {
            guard let field = operation.results.first(where: { $0.name == result.field }) else {
                diagnostics.append(Diagnostic(
                    .unknownOperation,
                    "operation '\(operation.id)' returns no result '\(result.field)'\(DidYouMean.clause(for: result.field, among: operation.results.map(\.name)))",
                    at: result.location, notes: [note]))
                continue
            }
            if let slot = result.variable.slot, !flow.variables[slot].type.isAssignable(from: field.type) {
                diagnostics.append(Diagnostic(
                    .typeMismatch,
                    "result '\(result.field)' of '\(operation.id)' is \(field.type) and cannot be stored in '\(result.variable.name)', which is \(flow.variables[slot].type)",
                    at: result.variable.location, notes: [note]))
            }
        }
    }
}
