import FlowExpression
import FlowLoading
import FlowModel
import FlowRuntime

extension ScenarioDecoder {
    /// Keys that make a step happen; at most one per step.
    static let eventKeys = [
        "input", "form", "no-input", "no-match", "outcome", "event", "timeout", "hangup", "agent-request", "override",
        "record",
    ]
    /// Keys that go with one event key only.
    static let companionKeys: [String: String] = [
        "results": "outcome", "text": "event", "data": "event", "reason": "override", "note": "record",
    ]
    static let stepKeys = eventKeys + Array(companionKeys.keys).sorted() + ["after", "expect"]
    /// Events without a value, which a step may write alone: `- hangup`.
    static let bareEvents = ["no-input", "no-match", "hangup", "agent-request"]

    mutating func decodeStep(_ node: YAMLTree, number: Int, context: StepContext) -> ScenarioStep? {
        if node.isScalar, !node.isNull {
            guard let event = Self.bareEvent(node.text) else {
                problem("a step written alone is one of \(Self.bareEvents.joined(separator: ", "))\(Suggestion.clause(for: node.text, among: Self.bareEvents)); other steps are mappings such as 'input: \"1\"'", at: node)
                return nil
            }
            return ScenarioStep(number: number, location: node.location, after: nil, event: event, expectations: [])
        }
        guard let fields = mapping(node, "a step", keys: Self.stepKeys) else { return nil }
        let present = Self.eventKeys.filter { fields[$0] != nil }
        if present.count > 1 {
            problem("a step does one thing; this one has \(present.map { "'\($0)'" }.joined(separator: " and ")): make them two steps", at: fields[present[1]]!)
            return nil
        }
        for (companion, owner) in Self.companionKeys where fields[companion] != nil && fields[owner] == nil {
            problem("'\(companion)' goes with '\(owner)'", at: fields[companion]!)
        }
        var step = ScenarioStep(number: number, location: node.location, after: nil, event: nil, expectations: [])
        if let after = fields["after"] {
            step.after = duration(after, "'after'")
        }
        if let key = present.first, let value = fields[key] {
            step.event = event(key, value, fields: fields, context: context)
        }
        if let expect = fields["expect"] {
            step.expectations = expectations(expect, context: context, final: false)
            if present.isEmpty, let refused = step.expectations.first(where: { if case .refused = $0.kind { true } else { false } }) {
                problem("'refused' checks that the step's event is refused; this step has none", at: refused.location)
            }
        }
        if step.event == nil, step.after == nil, step.expectations.isEmpty, present.isEmpty {
            problem("an empty step: give it an event (input, outcome, event, timeout...), 'after' or 'expect'", at: node)
        }
        return step
    }

    static func bareEvent(_ name: String) -> StepEvent? {
        switch name {
        case "no-input": .noInput
        case "no-match": .noMatch
        case "hangup": .hangup
        case "agent-request": .agentRequest
        default: nil
        }
    }

    private mutating func event(_ key: String, _ value: YAMLTree, fields: [String: YAMLTree], context: StepContext) -> StepEvent? {
        switch key {
        case "input":
            return text(value, "'input'").map { .input($0) }
        case "form":
            guard let pairs = pairs(value, "'form'") else { return nil }
            var values: [String: String] = [:]
            for pair in pairs {
                if pair.value.isNull { continue }
                guard let text = text(pair.value, "form field '\(pair.key)'") else { return nil }
                values[pair.key] = text
            }
            return .form(values)
        case "no-input", "no-match", "hangup", "agent-request":
            guard value.isNull || value.content == .bool(true) else {
                problem("'\(key)' takes no value: write '- \(key)', or '\(key):' with nothing after it", at: value)
                return nil
            }
            return Self.bareEvent(key)
        case "outcome":
            guard let name = name(value, "'outcome'") else { return nil }
            var results: [String: Value] = [:]
            if let node = fields["results"], let pairs = pairs(node, "'results'") {
                for pair in pairs {
                    guard let value = ValueReading.untyped(pair.value) else {
                        if !pair.value.isNull { problem("result '\(pair.key)' should be a text, number, boolean or list", at: pair.value) }
                        continue
                    }
                    results[pair.key] = value
                }
            }
            return .outcome(name, results: results)
        case "event":
            guard let name = name(value, "'event'") else { return nil }
            guard !FlowEvent.global.contains(FlowEvent(name)) else {
                problem("'\(name)' is not an external event; write it as its own step ('- \(name)' or 'timeout:')", at: value)
                return nil
            }
            let waited = Set(([context.flow] + context.subflows).flatMap(\.states).flatMap { state -> [String] in
                if case .wait(let wait) = state.kind { return wait.events.map(\.rawValue) }
                return []
            })
            if !waited.contains(name) {
                let known = waited.isEmpty
                    ? "no state of '\(context.flow.id)' or its subflows waits for an event"
                    : "the waits of '\(context.flow.id)' take \(waited.sorted().joined(separator: ", "))\(Suggestion.clause(for: name, among: waited))"
                problem("'\(name)' cannot happen here: \(known)", at: value)
                return nil
            }
            let eventText = fields["text"].flatMap { text($0, "'text'") }
            var data: [String: Value] = [:]
            if let node = fields["data"], let pairs = pairs(node, "'data'") {
                for pair in pairs {
                    if let value = ValueReading.untyped(pair.value) { data[pair.key] = value }
                }
            }
            // Waits read the text as the event's `text` field (`results: { text: reply }`).
            if let eventText, data["text"] == nil { data["text"] = .string(eventText) }
            return .external(name, text: eventText, data: data)
        case "timeout":
            guard let name = name(value, "'timeout'") else { return nil }
            guard let kind = TimerKind(rawValue: name) else {
                let kinds = TimerKind.allCases.map(\.rawValue)
                problem("'timeout' names a timer: \(kinds.joined(separator: ", "))\(Suggestion.clause(for: name, among: kinds))", at: value)
                return nil
            }
            return .timeout(kind)
        case "override":
            guard let target = stateName(value, "'override'", context: context) else { return nil }
            guard let reasonNode = fields["reason"], let reason = self.name(reasonNode, "'reason'") else {
                if fields["reason"] == nil { problem("an override needs the agent's 'reason'", at: value) }
                return nil
            }
            return .override(state: target.state, reason: reason)
        case "record":
            guard let target = stateName(value, "'record'", context: context) else { return nil }
            let note = fields["note"].flatMap { text($0, "'note'") }
            return .record(state: target.state, note: note)
        default:
            return nil
        }
    }

    /// `lookup-bill` in the scenario's flow, or `identity-verification.ivr/enter-password`.
    mutating func stateName(_ node: YAMLTree, _ what: String, context: StepContext) -> StateName? {
        guard let text = name(node, what) else { return nil }
        var flow = context.flow
        var state = text
        if let slash = text.lastIndex(of: "/") {
            let flowID = String(text[..<slash])
            state = String(text[text.index(after: slash)...])
            guard let named = context.library.flow(flowID) else {
                problem("no flow '\(flowID)' in the library\(Suggestion.clause(for: flowID, among: context.library.loaded.flows.map(\.id)))", at: node)
                return nil
            }
            flow = named
        }
        guard flow.stateIndex(named: state) != nil else {
            var message = "flow '\(flow.id)' has no state '\(state)'\(Suggestion.clause(for: state, among: flow.states.map(\.id)))"
            if flow.id == context.flow.id, let child = context.subflows.first(where: { $0.stateIndex(named: state) != nil }) {
                message += "; a subflow's state is named with its flow: \(child.id)/\(state)"
            }
            problem(message, at: node)
            return nil
        }
        return StateName(flow: flow.id == context.flow.id ? nil : flow.id, state: state)
    }
}
