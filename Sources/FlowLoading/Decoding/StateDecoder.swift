import FlowExpression
import FlowModel

/// Decodes one state: the keys every state has, then its kind's own fields, lowering
/// each kind's shorthand into plain transitions.
struct StateDecoder {
    let context: DecodeContext
    let compiler: ExpressionCompiler
    let stateIndex: [String: Int]
    let variables: [VariableDeclaration]
    let templates: TemplateChecker

    static let commonKeys = ["kind", "title", "description", "performer", "mandatory", "sla", "visits", "transitions"]
    static let messageKeys = ["say", "send", "audio", "card"]

    /// Keys each kind adds to the common ones.
    static let kindKeys: [String: [String]] = [
        "prompt": messageKeys + ["next"],
        "collect": messageKeys + ["input", "options", "no-input", "no-match", "max-attempts"],
        "decision": ["branches", "otherwise"],
        "task": messageKeys + ["operation", "args", "results", "timeout", "outcomes"],
        "transfer": messageKeys + ["target", "handoff", "timeout", "outcomes"],
        "wait": messageKeys + ["events", "timeout", "results", "outcomes"],
        "subflow": ["flow", "args", "results", "outcomes"],
        "end": messageKeys + ["outcome"],
    ]

    /// Every key a state of each kind may have.
    static let allowedKeys: [String: [String]] = {
        var allowed: [String: [String]] = [:]
        for kind in StateKind.names { allowed[kind] = commonKeys + (kindKeys[kind] ?? []) }
        return allowed
    }()

    /// Which kinds a key belongs to, for "cannot have 'options': only collect states have it".
    static let keyOwners: [String: [String]] = {
        var owners: [String: [String]] = [:]
        for kind in StateKind.names {
            for key in kindKeys[kind] ?? [] { owners[key, default: []].append(kind) }
        }
        return owners
    }()

    func decode(id: String, key: YAMLNode, node: YAMLNode) -> State? {
        let what = "state '\(id)'"
        guard context.mapping(node, what) != nil else { return nil }
        var reader = MappingReader(node, what, context)
        guard let kindNode = reader.require("kind"),
            let kindName = context.choiceName(kindNode, "\(what) kind", among: StateKind.names)
        else {
            return nil
        }
        let title = reader.take("title").flatMap { context.text($0, "\(what) title") }
        let description = reader.take("description").flatMap { context.text($0, "\(what) description") }
        let performer = reader.take("performer").map { context.nameList($0, "\(what) performer") } ?? []
        let mandatory = reader.take("mandatory").flatMap { context.bool($0, "\(what) mandatory") } ?? false
        let sla = reader.take("sla").flatMap { context.duration($0, "\(what) sla") }
        let visitLimit = reader.take("visits").flatMap { visits($0, what) }
        var transitions = reader.take("transitions").map { transitionList($0, what, eventRequired: true) } ?? []
        let message = StateKind.names.contains(kindName) && Self.kindKeys[kindName]!.contains("say")
            ? self.message(&reader, what) : Message()

        let kind: StateKind
        var sugar: [Transition] = []
        switch kindName {
        case "prompt":
            kind = .prompt
            if let next = reader.take("next"), let target = stateRef(next, "\(what) next") {
                sugar.append(Transition(event: .done, target: target, origin: .next, location: context.location(next)))
            }
        case "collect":
            let collect = CollectDecoder(state: self).decode(&reader, what, transitions: &sugar)
            kind = .collect(collect ?? Collect(mode: .text))
        case "decision":
            kind = .decision
            if let node = reader.node.value(forKey: "transitions") {
                context.report(
                    .unknownKey, "\(what) cannot have 'transitions': a decision chooses with 'branches' and 'otherwise'",
                    at: node)
                transitions = []
            }
            sugar = decisionBranches(&reader, what)
        case "task":
            kind = .task(task(&reader, what))
            sugar = outcomes(&reader, what)
        case "transfer":
            kind = .transfer(transfer(&reader, what))
            sugar = outcomes(&reader, what)
        case "wait":
            kind = .wait(wait(&reader, what))
            sugar = outcomes(&reader, what)
        case "subflow":
            kind = .subflow(subflow(&reader, what))
            sugar = outcomes(&reader, what)
        default:
            let outcome = reader.require("outcome").flatMap { context.choice($0, "\(what) outcome", as: EndOutcome.self) }
            kind = .end(outcome ?? .resolved)
        }
        reader.finish(allowed: Self.allowedKeys[kindName] ?? Self.commonKeys) { key in
            Self.keyOwners[key].map { "\(kindName) states do not use it (\($0.joined(separator: ", ")) states do)" }
        }

        // Bounds come first: the runtime checks a visit limit on entry, before anything else.
        var all: [Transition] = []
        if let visitLimit {
            all.append(Transition(event: nil, target: visitLimit.then, origin: .visitLimit, location: visitLimit.location))
        }
        all += sugar + transitions
        return State(
            id: id, kind: kind, title: title, description: description, message: message, performer: performer,
            mandatory: mandatory, sla: sla, visitLimit: visitLimit, transitions: all, location: context.location(key))
    }

    // MARK: References

    func stateRef(_ node: YAMLNode, _ what: String) -> StateRef? {
        guard let name = context.identifier(node, what) else { return nil }
        let index = stateIndex[name]
        if index == nil {
            context.report(
                .undefinedTarget,
                "\(what) '\(name)' is not a state of this flow\(DidYouMean.clause(for: name, among: stateIndex.keys.sorted()))",
                at: node)
        }
        return StateRef(name: name, index: index, location: context.location(node))
    }

    func variableRef(_ node: YAMLNode, _ what: String) -> VariableRef? {
        guard let name = context.identifier(node, what, style: .variable) else { return nil }
        let slot = variables.firstIndex { $0.name == name }
        if slot == nil {
            context.report(
                .undeclaredVariable,
                "\(what) '\(name)' is not a declared variable\(DidYouMean.clause(for: name, among: variables.map(\.name)))",
                at: node)
        }
        return VariableRef(name: name, slot: slot, location: context.location(node))
    }

    func variableType(_ ref: VariableRef) -> ExpressionType? {
        ref.slot.map { variables[$0].type }
    }

    // MARK: Messages

    func message(_ reader: inout MappingReader, _ what: String) -> Message {
        let say = reader.take("say").flatMap { prompt($0, "\(what) say") }
        let send = reader.take("send").flatMap { prompt($0, "\(what) send") }
        let audio = reader.take("audio").flatMap { context.nonEmptyText($0, "\(what) audio") }.map {
            PromptText(template: $0, location: reader.node.value(forKey: "audio").map(context.location) ?? context.location(reader.node))
        }
        let card = reader.take("card").flatMap { self.card($0, what) }
        return Message(say: say, send: send, audio: audio, card: card)
    }

    /// A template: text, checked by swift-mustache and against the declared names.
    func prompt(_ node: YAMLNode, _ what: String) -> PromptText? {
        guard let text = context.nonEmptyText(node, what) else { return nil }
        let checked = templates.check(text)
        var names = checked.names
        if checked.longestRendering == nil {
            // A template that does not parse (reported) still shows what it meant to read.
            names = Set(variables.map(\.name).filter { text.contains($0) })
        }
        for problem in checked.problems {
            switch problem.kind {
            case .syntax(let line, let column):
                var location = context.location(node)
                if line <= 1, !text.contains("\n") {
                    location = ExpressionCompiler.location(ofOffset: max(0, column), in: node, text: text, context: context)
                }
                context.report(Diagnostic(.templateSyntax, "\(what): \(problem.message)", at: location))
            case .undeclared:
                let hint = problem.suggestion.map { "; did you mean '\($0)'?" } ?? ""
                context.report(.undeclaredVariable, "\(what): \(problem.message)\(hint)", at: node)
            }
        }
        return PromptText(
            template: text, location: context.location(node), names: names, longestRendering: checked.longestRendering)
    }

    private func card(_ node: YAMLNode, _ what: String) -> Card? {
        guard context.mapping(node, "\(what) card") != nil else { return nil }
        var reader = MappingReader(node, "\(what) card", context)
        let title = reader.take("title").flatMap { prompt($0, "\(what) card title") }
        let body = reader.take("body").flatMap { prompt($0, "\(what) card body") }
        let image = reader.take("image").flatMap { context.text($0, "\(what) card image") }
        let buttons = reader.take("buttons").flatMap { context.sequence($0, "\(what) card buttons") }?
            .compactMap { context.nonEmptyText($0, "\(what) card button") } ?? []
        reader.finish(allowed: ["title", "body", "image", "buttons"])
        if title == nil, body == nil {
            context.report(.missingKey, "\(what) card needs a title or a body", at: node)
        }
        return Card(title: title, body: body, image: image, buttons: buttons, location: context.location(node))
    }

    // MARK: Transitions

    /// `visits: { max: 3, then: to-agent }`.
    private func visits(_ node: YAMLNode, _ what: String) -> VisitLimit? {
        guard context.mapping(node, "\(what) visits") != nil else { return nil }
        var reader = MappingReader(node, "\(what) visits", context)
        let max = reader.require("max").flatMap { context.integer($0, "\(what) visits max", range: 1...1000) }
        let then = reader.require("then").flatMap { stateRef($0, "\(what) visits then") }
        reader.finish(allowed: ["max", "then"])
        guard let max, let then else { return nil }
        return VisitLimit(max: max, then: then, location: context.location(node))
    }

    /// A `transitions:` (or `handlers:`) list.
    func transitionList(_ node: YAMLNode, _ what: String, eventRequired: Bool) -> [Transition] {
        guard let items = context.sequence(node, "\(what) transitions") else { return [] }
        return items.enumerated().compactMap { index, item in
            transition(item, "\(what) transition \(index + 1)", origin: .transition(index), event: nil, eventRequired: eventRequired)
        }
    }

    /// `{ on, when, to, set }`; `event` is given when the place already names it (outcomes).
    func transition(
        _ node: YAMLNode, _ what: String, origin: TransitionOrigin, event: FlowEvent?, eventRequired: Bool,
        extraKeys: [String] = [], reader existing: MappingReader? = nil
    ) -> Transition? {
        if node.kind == .scalar, let event {
            return stateRef(node, what).map {
                Transition(event: event, target: $0, origin: origin, location: context.location(node))
            }
        }
        guard context.mapping(node, what) != nil else { return nil }
        var reader = existing ?? MappingReader(node, what, context)
        var resolvedEvent = event
        if event == nil {
            if eventRequired {
                resolvedEvent = reader.require("on").flatMap { context.identifier($0, "\(what) on") }.map { FlowEvent($0) }
            } else if let on = reader.take("on") {
                context.report(.unknownKey, "\(what) cannot have 'on': it is taken without an event", at: on)
            }
        }
        let guardExpression = reader.take("when").flatMap { compiler.compile($0, "\(what) when", expecting: .bool) }
        let target = reader.require("to").flatMap { stateRef($0, "\(what) to") }
        let assignments = reader.take("set").map { self.assignments($0, what) } ?? []
        if let note = reader.take("note") { _ = context.text(note, "\(what) note") }
        // Where the place names the event (an outcome), `on` is not the transition's to give.
        let keys = event == nil ? ["on", "when", "to", "set", "note"] : ["when", "to", "set", "note"]
        if existing == nil { reader.finish(allowed: keys + extraKeys) }
        guard let target, resolvedEvent != nil || !eventRequired else { return nil }
        return Transition(
            event: resolvedEvent, guardExpression: guardExpression, target: target, assignments: assignments,
            origin: origin, location: context.location(node))
    }

    /// `set: { variable: expression }`, each checked against the variable's type.
    func assignments(_ node: YAMLNode, _ what: String) -> [Assignment] {
        context.namedEntries(node, "\(what) set", keyStyle: .variable).compactMap { name, key, value in
            guard let variable = variableRef(key, "\(what) sets") else { return nil }
            let type = variableType(variable)
            guard let expression = compiler.compile(value, "\(what) set \(name)", expecting: type) else { return nil }
            return Assignment(variable: variable, value: expression)
        }
    }

    /// `outcomes: { ok: target, failed: { to: x, set: ... } }`.
    func outcomes(_ reader: inout MappingReader, _ what: String) -> [Transition] {
        guard let node = reader.take("outcomes") else { return [] }
        return context.namedEntries(node, "\(what) outcomes").compactMap { name, _, value in
            transition(
                value, "\(what) outcome '\(name)'", origin: .outcome(name), event: FlowEvent(name), eventRequired: false)
        }
    }

    /// `branches:` (guarded, in order) and `otherwise:`.
    private func decisionBranches(_ reader: inout MappingReader, _ what: String) -> [Transition] {
        var result: [Transition] = []
        if let node = reader.require("branches"), let items = context.sequence(node, "\(what) branches") {
            for (index, item) in items.enumerated() {
                let branchWhat = "\(what) branch \(index + 1)"
                if item.kind == .mapping, item.value(forKey: "when") == nil {
                    context.report(.missingKey, "\(branchWhat) is missing 'when'; an unguarded branch belongs in 'otherwise'", at: item)
                }
                if let branch = transition(item, branchWhat, origin: .branch(index), event: nil, eventRequired: false) {
                    result.append(branch)
                }
            }
        }
        if let otherwise = reader.take("otherwise") {
            if otherwise.kind == .mapping, let when = otherwise.value(forKey: "when") {
                context.report(.unknownKey, "\(what) otherwise cannot have 'when': it is taken when no branch holds", at: when)
            }
            if otherwise.kind == .scalar {
                if let target = stateRef(otherwise, "\(what) otherwise") {
                    result.append(Transition(event: nil, target: target, origin: .otherwise, location: context.location(otherwise)))
                }
            } else if let transition = transition(
                otherwise, "\(what) otherwise", origin: .otherwise, event: nil, eventRequired: false)
            {
                result.append(transition)
            }
        }
        return result
    }

    /// Flow-level `handlers:`: transitions with an `except:` list of states.
    func handlers(_ node: YAMLNode) -> [Handler] {
        guard let items = context.sequence(node, "handlers") else { return [] }
        return items.enumerated().compactMap { index, item in
            let what = "handler \(index + 1)"
            guard item.kind == .mapping else {
                context.report(.wrongType, "\(what) must be a mapping, found \(item.kindDescription)", at: item)
                return nil
            }
            var reader = MappingReader(item, what, context)
            let except = reader.take("except").map { context.nameList($0, "\(what) except") } ?? []
            let exceptRefs = except.compactMap { ref -> StateRef? in
                let index = stateIndex[ref.name]
                if index == nil {
                    context.report(Diagnostic(
                        .undefinedTarget,
                        "\(what) except '\(ref.name)' is not a state of this flow\(DidYouMean.clause(for: ref.name, among: stateIndex.keys.sorted()))",
                        at: ref.location))
                }
                return StateRef(name: ref.name, index: index, location: ref.location)
            }
            guard let transition = transition(
                item, what, origin: .handler(index), event: nil, eventRequired: true, reader: reader)
            else {
                reader.finish(allowed: ["on", "when", "to", "set", "note", "except"])
                return nil
            }
            reader.finish(allowed: ["on", "when", "to", "set", "note", "except"])
            return Handler(transition: transition, except: exceptRefs)
        }
    }
}
