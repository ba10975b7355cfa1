import FlowExpression
import FlowModel

extension StateDecoder {
    /// `operation:`, `args:`, `results:`, `timeout:`.
    func task(_ reader: inout MappingReader, _ what: String) -> TaskCall {
        let operationNode = reader.require("operation")
        let operation = operationNode.flatMap { context.identifier($0, "\(what) operation") } ?? ""
        let arguments = reader.take("args").map { bindings($0, "\(what) args") } ?? []
        let results = reader.take("results").map { resultBindings($0, "\(what) results") } ?? []
        let timeout = reader.take("timeout").flatMap { context.duration($0, "\(what) timeout") }
        return TaskCall(
            operation: operation, operationLocation: operationNode.map(context.location) ?? context.location(reader.node),
            arguments: arguments, results: results, timeout: timeout)
    }

    /// `target: { queue | skill | org-unit: name }` or `handoff: { channel, business, via, send }`.
    func transfer(_ reader: inout MappingReader, _ what: String) -> Transfer {
        var transfer = Transfer()
        let targetNode = reader.take("target")
        let handoffNode = reader.take("handoff")
        transfer.timeout = reader.take("timeout").flatMap { context.duration($0, "\(what) timeout") }
        switch (targetNode, handoffNode) {
        case (nil, nil):
            context.report(.missingKey, "\(what) needs a 'target' (people) or a 'handoff' (another channel)", at: reader.node)
        case (let target?, let handoff?):
            context.report(
                .unknownKey, "\(what) has both 'target' and 'handoff'; a transfer goes to people or to another channel",
                at: handoff, notes: [.init("target written here", at: context.location(target))])
        case (let target?, nil):
            transfer.targetLocation = context.location(target)
            transfer.target = transferTarget(target, what)
        case (nil, let handoff?):
            transfer.handoff = self.handoff(handoff, what)
        }
        return transfer
    }

    private func transferTarget(_ node: YAMLNode, _ what: String) -> TransferTarget? {
        guard context.mapping(node, "\(what) target") != nil else { return nil }
        var reader = MappingReader(node, "\(what) target", context)
        let kinds = ["queue", "skill", "org-unit"]
        let given = kinds.compactMap { kind in reader.take(kind).map { (kind, $0) } }
        reader.finish(allowed: kinds)
        guard given.count == 1, let (kind, valueNode) = given.first else {
            context.report(
                given.isEmpty ? .missingKey : .unknownKey,
                "\(what) target names exactly one of queue, skill or org-unit", at: node)
            return nil
        }
        guard let name = context.identifier(valueNode, "\(what) target \(kind)") else { return nil }
        switch kind {
        case "queue": return .queue(name)
        case "skill": return .skill(name)
        default: return .orgUnit(name)
        }
    }

    private func handoff(_ node: YAMLNode, _ what: String) -> Handoff? {
        guard context.mapping(node, "\(what) handoff") != nil else { return nil }
        var reader = MappingReader(node, "\(what) handoff", context)
        let channel = reader.require("channel").flatMap { context.identifier($0, "\(what) handoff channel") }
        let business = reader.take("business").flatMap { context.identifier($0, "\(what) handoff business") }
        let via = reader.take("via").flatMap { context.choice($0, "\(what) handoff via", as: Capability.self) }
        let message = reader.take("send").flatMap { prompt($0, "\(what) handoff send") }
        reader.finish(allowed: ["channel", "business", "via", "send"])
        if via != nil, message == nil {
            context.report(.missingKey, "\(what) handoff sends through '\(via!.rawValue)' and needs the text to 'send'", at: node)
        }
        guard let channel else { return nil }
        return Handoff(channel: channel, business: business, via: via, message: message, location: context.location(node))
    }

    /// `events:`, `timeout:`, `results:`.
    func wait(_ reader: inout MappingReader, _ what: String) -> Wait {
        let events = reader.require("events").map { context.nameList($0, "\(what) events") } ?? []
        for event in events where [FlowEvent.timeout.rawValue, FlowEvent.hangup.rawValue].contains(event.name) {
            context.report(Diagnostic(
                .invalidValue, "\(what) waits for '\(event.name)', which every wait has already; list the external events it waits for",
                at: event.location))
        }
        let timeoutNode = reader.take("timeout")
        let timeout = timeoutNode.flatMap { context.duration($0, "\(what) timeout") }
        if timeoutNode == nil {
            context.report(.missingKey, "\(what) is missing 'timeout': a wait must not last for ever", at: reader.node)
        }
        let results = reader.take("results").map { resultBindings($0, "\(what) results") } ?? []
        return Wait(events: events.map { FlowEvent($0.name) }, timeout: timeout, results: results)
    }

    /// `flow:`, `args:` (child variable: parent expression), `results:` (child variable: parent variable).
    func subflow(_ reader: inout MappingReader, _ what: String) -> SubflowCall {
        let flowNode = reader.require("flow")
        let flow = flowNode.flatMap { context.identifier($0, "\(what) flow") } ?? ""
        let arguments = reader.take("args").map { bindings($0, "\(what) args", keyStyle: .variable) } ?? []
        let results = reader.take("results").map { resultBindings($0, "\(what) results", fieldStyle: .variable) } ?? []
        return SubflowCall(
            flow: flow, flowLocation: flowNode.map(context.location) ?? context.location(reader.node),
            arguments: arguments, results: results)
    }

    /// `name: expression` pairs; the expected types are checked once the callee is known.
    private func bindings(_ node: YAMLNode, _ what: String, keyStyle: IdentifierStyle = .name) -> [Binding] {
        context.namedEntries(node, what, keyStyle: keyStyle, duplicateRule: .duplicateName).compactMap { name, key, value in
            compiler.compile(value, "\(what) \(name)", expecting: nil).map {
                Binding(name: name, value: $0, location: context.location(key))
            }
        }
    }

    /// `field: variable` pairs.
    private func resultBindings(_ node: YAMLNode, _ what: String, fieldStyle: IdentifierStyle = .name) -> [ResultBinding] {
        context.namedEntries(node, what, keyStyle: fieldStyle, duplicateRule: .duplicateName).compactMap { name, key, value in
            variableRef(value, "\(what) \(name)").map {
                ResultBinding(field: name, variable: $0, location: context.location(key))
            }
        }
    }
}
