import FlowExpression
import FlowLoading
import FlowModel
import FlowRuntime

extension ScenarioDecoder {
    static let stepExpectationKeys = [
        "state", "path", "enters", "says", "sends", "plays", "shows", "collects", "runs", "transfers", "hands-off",
        "awaits", "vars", "ends", "refused",
    ]
    static let finalExpectationKeys = ["state", "path", "vars", "ends"]

    /// The expectations of `expect:`, after a step or (`final`) at the end of the scenario.
    mutating func expectations(_ node: YAMLTree, context: StepContext, final: Bool) -> [Expectation] {
        let keys = final ? Self.finalExpectationKeys : Self.stepExpectationKeys
        guard case .mapping(let entries) = node.content else {
            problem("'expect' should be a mapping such as '{ state: lookup-bill }', not \(node.kindDescription)", at: node)
            return []
        }
        var result: [Expectation] = []
        for entry in entries {
            let key = entry.key.text
            guard keys.contains(key) else {
                var message = "'expect' has no key '\(key)'\(Suggestion.clause(for: key, among: keys))"
                if final, Self.stepExpectationKeys.contains(key) {
                    message = "at the end, 'expect' takes \(keys.joined(separator: ", ")); put '\(key)' under the step that does it"
                }
                problem(message, at: entry.key)
                continue
            }
            if let kind = Expectation.ActionKind(rawValue: key), case .sequence(let items) = entry.value.content, items.isEmpty {
                result.append(Expectation(location: entry.key.location, kind: .none(kind)))
            } else if let kind = expectation(key, entry.value, context: context) {
                result.append(Expectation(location: entry.key.location, kind: kind))
            }
        }
        return result
    }

    private mutating func expectation(_ key: String, _ value: YAMLTree, context: StepContext) -> Expectation.Kind? {
        switch key {
        case "state":
            return stateName(value, "'state'", context: context).map { .state($0) }
        case "path", "enters":
            guard let items = list(value, "'\(key)'") else { return nil }
            var names: [StateName] = []
            for item in items {
                guard let name = stateName(item, "a state of '\(key)'", context: context) else { return nil }
                names.append(name)
            }
            return key == "path" ? .path(names) : .enters(names)
        case "says": return textList(value, key).map { .says($0) }
        case "sends": return textList(value, key).map { .sends($0) }
        case "plays": return textList(value, key).map { .plays($0) }
        case "shows": return card(value).map { .shows($0) }
        case "collects": return collect(value).map { .collects($0) }
        case "runs": return task(value).map { .runs($0) }
        case "transfers": return transfer(value).map { .transfers($0) }
        case "hands-off": return handoff(value).map { .handsOff($0) }
        case "awaits": return texts(value, "'awaits'").map { .awaits($0) }
        case "vars": return variableExpectations(value, context: context).map { .vars($0) }
        case "ends":
            if case .bool(false) = value.content { return .ends(nil) }
            guard let name = name(value, "'ends'"), let outcome = EndOutcome(rawValue: name) else {
                let outcomes = EndOutcome.allCases.map(\.rawValue)
                problem("'ends' is an end outcome (\(outcomes.joined(separator: ", "))), or false while the contact goes on\(Suggestion.clause(for: value.text, among: outcomes))", at: value)
                return nil
            }
            return .ends(outcome)
        case "refused":
            if case .bool(let flag) = value.content {
                guard flag else {
                    problem("'refused: false' is what every step expects; leave it out", at: value)
                    return nil
                }
                return .refused(nil)
            }
            return textMatch(value, "'refused'").map { .refused($0) }
        default:
            return nil
        }
    }

    /// `文本` (exactly) or `{ contains: 部分 }`.
    mutating func textMatch(_ node: YAMLTree, _ what: String) -> TextMatch? {
        if node.isScalar { return text(node, what).map { .exact($0) } }
        guard let fields = mapping(node, what, keys: ["contains"]), let part = fields["contains"] else {
            if case .mapping = node.content { problem("\(what) as a mapping takes 'contains: part of the text'", at: node) }
            return nil
        }
        return text(part, "'contains'").map { .contains($0) }
    }

    private mutating func textList(_ node: YAMLTree, _ key: String) -> TextList? {
        guard case .sequence(let items) = node.content else { return textMatch(node, "'\(key)'").map { .any($0) } }
        var matches: [TextMatch] = []
        for item in items {
            guard let match = textMatch(item, "a text of '\(key)'") else { return nil }
            matches.append(match)
        }
        return .exactly(matches)
    }

    private mutating func card(_ node: YAMLTree) -> CardExpectation? {
        if node.isScalar || node["contains"] != nil {
            return textMatch(node, "'shows'").map { CardExpectation(title: $0, body: nil, buttons: nil) }
        }
        guard let fields = mapping(node, "'shows'", keys: ["title", "body", "buttons"]) else { return nil }
        var card = CardExpectation()
        if let title = fields["title"] { card.title = textMatch(title, "the card's 'title'") }
        if let body = fields["body"] { card.body = textMatch(body, "the card's 'body'") }
        if let buttons = fields["buttons"] { card.buttons = texts(buttons, "'buttons'") }
        return card
    }

    private mutating func collect(_ node: YAMLTree) -> CollectExpectation? {
        if node.isScalar { return inputMode(node).map { CollectExpectation(mode: $0) } }
        let keys = ["mode", "length", "min-length", "max-length", "options", "labels", "fields", "timeout", "retry"]
        guard let fields = mapping(node, "'collects'", keys: keys) else { return nil }
        var expectation = CollectExpectation()
        if let value = fields["mode"] { expectation.mode = inputMode(value) }
        if let value = fields["length"] { expectation.length = integer(value, "'length'", in: 1...10_000) }
        if let value = fields["min-length"] { expectation.minLength = integer(value, "'min-length'", in: 0...10_000) }
        if let value = fields["max-length"] { expectation.maxLength = integer(value, "'max-length'", in: 1...10_000) }
        if let value = fields["options"] { expectation.options = texts(value, "'options'") }
        if let value = fields["labels"] { expectation.labels = texts(value, "'labels'") }
        if let value = fields["fields"] { expectation.fields = texts(value, "'fields'") }
        if let value = fields["timeout"] { expectation.timeout = duration(value, "'timeout'") }
        if let value = fields["retry"] { expectation.retry = integer(value, "'retry'", in: 0...100) }
        return expectation
    }

    private mutating func inputMode(_ node: YAMLTree) -> InputMode? {
        guard let name = name(node, "an input mode") else { return nil }
        guard let mode = InputMode(rawValue: name) else {
            let modes = InputMode.allCases.map(\.rawValue)
            problem("input modes are \(modes.joined(separator: ", "))\(Suggestion.clause(for: name, among: modes))", at: node)
            return nil
        }
        return mode
    }

    private mutating func task(_ node: YAMLTree) -> TaskExpectation? {
        var operationNode = node
        var arguments: [(name: String, value: String)] = []
        if !node.isScalar {
            guard let fields = mapping(node, "'runs'", keys: ["operation", "args"]) else { return nil }
            guard let operation = fields["operation"] else {
                problem("'runs' needs the 'operation'", at: node)
                return nil
            }
            operationNode = operation
            if let args = fields["args"], let pairs = pairs(args, "'args'") {
                for pair in pairs {
                    guard let value = text(pair.value, "argument '\(pair.key)'") else { continue }
                    arguments.append((pair.key, value))
                }
            }
        }
        guard let operation = name(operationNode, "'operation'") else { return nil }
        if let map = library.map {
            guard let declared = map.operation(operation) else {
                problem("the flow map declares no operation '\(operation)'\(Suggestion.clause(for: operation, among: map.operations.map(\.id)))", at: operationNode)
                return nil
            }
            let names = declared.arguments.map(\.name)
            for argument in arguments where !names.contains(argument.name) {
                problem("operation '\(operation)' takes no argument '\(argument.name)'\(Suggestion.clause(for: argument.name, among: names))", at: node)
            }
        }
        return TaskExpectation(operation: operation, arguments: arguments)
    }

    private mutating func transfer(_ node: YAMLTree) -> TransferExpectation? {
        if node.isScalar { return name(node, "'transfers'").map { TransferExpectation(kind: nil, target: $0) } }
        guard let fields = mapping(node, "'transfers'", keys: ["queue", "skill", "org-unit", "timeout"]) else { return nil }
        let kinds = ["queue", "skill", "org-unit"].filter { fields[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first, let targetNode = fields[kind], let target = name(targetNode, "'\(kind)'") else {
            problem("'transfers' names one target: queue, skill or org-unit", at: node)
            return nil
        }
        var expectation = TransferExpectation(kind: kind, target: target)
        if let timeout = fields["timeout"] { expectation.timeout = duration(timeout, "'timeout'") }
        return expectation
    }

    private mutating func handoff(_ node: YAMLTree) -> HandoffExpectation? {
        if node.isScalar { return name(node, "'hands-off'").map { HandoffExpectation(channel: $0) } }
        guard let fields = mapping(node, "'hands-off'", keys: ["channel", "business", "via", "message"]) else { return nil }
        guard let channelNode = fields["channel"], let channel = name(channelNode, "'channel'") else {
            if fields["channel"] == nil { problem("'hands-off' needs the 'channel'", at: node) }
            return nil
        }
        var expectation = HandoffExpectation(channel: channel)
        if let value = fields["business"] { expectation.business = name(value, "'business'") }
        if let value = fields["via"] { expectation.via = name(value, "'via'") }
        if let value = fields["message"] { expectation.message = textMatch(value, "'message'") }
        return expectation
    }

    /// `vars: { month: 本月, identity-verification.ivr/verified: true, due_date: ~ }`.
    private mutating func variableExpectations(_ node: YAMLTree, context: StepContext) -> [VariableExpectation]? {
        guard let pairs = pairs(node, "'vars'") else { return nil }
        var result: [VariableExpectation] = []
        for pair in pairs {
            var flow = context.flow
            var name = pair.key
            if let slash = name.lastIndex(of: "/") {
                let flowID = String(name[..<slash])
                guard let named = context.library.flow(flowID) else {
                    problem("no flow '\(flowID)' in the library\(Suggestion.clause(for: flowID, among: context.library.loaded.flows.map(\.id)))", at: pair.location)
                    continue
                }
                flow = named
                name = String(name[name.index(after: slash)...])
            }
            guard let declaration = flow.variables.first(where: { $0.name == name }) else {
                problem("flow '\(flow.id)' declares no variable '\(name)'\(Suggestion.clause(for: name, among: flow.variables.map(\.name)))", at: pair.location)
                continue
            }
            var expectation = VariableExpectation(
                flow: flow.id == context.flow.id ? nil : flow.id, name: name, type: declaration.type, value: nil)
            if !pair.value.isNull {
                switch ValueReading.value(pair.value, as: declaration.type) {
                case .success(let value): expectation.value = value
                case .failure(let reason):
                    problem("'\(name)' is \(declaration.type): \(reason)", at: pair.value)
                    continue
                }
            }
            result.append(expectation)
        }
        return result
    }
}
