import FlowModel

/// A flow read step by step: every state numbered in reading order (breadth-first from
/// the start, then states reached only by handlers, then unreachable ones), with what it
/// says, asks and does, and where each transition leads.
///
/// ```swift
/// print(FlowWalkthrough(flow: flow, map: map).text)
/// ```
public struct FlowWalkthrough: Sendable {
    public var flow: Flow
    public var map: FlowMap?

    public init(flow: Flow, map: FlowMap? = nil) {
        self.flow = flow
        self.map = map
    }

    /// The flow's header fields: id and version, title, category, owner, SLA, mode.
    public var headerFields: [(String, String)] {
        var fields: [(String, String)] = [
            ("flow", "\(flow.id)  version \(flow.version)"),
            ("title", flow.title.description),
            ("category", "\(flow.category.rawValue)  \(flow.category.chineseName)"),
            ("owner", NameText.performer(flow.owner.name, in: map)),
        ]
        var sla = flow.sla.map { "\($0)" } ?? "none"
        if let timeout = flow.timeout { sla += " (time limit \(timeout))" }
        fields.append(("SLA", sla))
        fields.append(("mode", StateSummary.mode(of: flow, in: map)))
        return fields
    }

    /// The numbered steps and the handlers.
    public var stepLines: [String] {
        let order = StateOrder.readingOrder(of: flow)
        let numberWidth = String(order.count).count
        let indent = String(repeating: " ", count: numberWidth + 3)
        var lines = ["Steps (start: \(flow.start.name))"]
        for (position, index) in order.enumerated() {
            let state = flow.states[index]
            let number = String(position + 1)
            var head = String(repeating: " ", count: numberWidth - number.count) + " \(number). \(state.id)  [\(StateSummary.kind(state))]"
            if let title = state.title { head += "  " + title.split(separator: "\n").joined(separator: " ") }
            if state.mandatory { head += "  MANDATORY" }
            lines.append(head)
            if let description = state.description {
                lines += description.split(separator: "\n").map { indent + $0 }
            }
            lines += NameText.fields(fields(of: state), indent: indent, width: 10)
            for transition in state.transitions {
                lines.append(indent + TransitionText.line(transition, in: state))
            }
        }
        if !flow.handlers.isEmpty {
            lines.append("")
            lines.append("Handlers (in every state but end states, unless excepted)")
            for handler in flow.handlers {
                var line = "  " + TransitionText.line(handler.transition, in: nil)
                if !handler.except.isEmpty { line += "  (except \(handler.except.map(\.name).joined(separator: ", ")))" }
                lines.append(line)
            }
        }
        return lines
    }

    /// Header, description and steps.
    public var text: String {
        var lines = NameText.fields(headerFields, width: 15)
        if let description = flow.description {
            lines.append("")
            lines += description.split(separator: "\n").map(String.init)
        }
        lines.append("")
        lines += stepLines
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: One state

    private func fields(of state: State) -> [(String, String)] {
        var fields = Self.message(state.message)
        switch state.kind {
        case .prompt, .decision, .end:
            break
        case .collect(let collect):
            fields += Self.collectFields(collect)
        case .task(let task):
            if !task.arguments.isEmpty { fields.append(("args", Self.bindings(task.arguments))) }
            if !task.results.isEmpty { fields.append(("results", Self.results(task.results))) }
            if let timeout = task.timeout { fields.append(("timeout", "\(timeout)")) }
        case .transfer(let transfer):
            if let handoff = transfer.handoff {
                var target = "continue on \(NameText.channel(handoff.channel, in: map))"
                if let business = handoff.business { target += " for \(business)" }
                fields.append(("handoff", target))
                if let message = handoff.message {
                    fields.append((handoff.via == .sms ? "sends SMS" : "sends", message.template))
                }
            }
            if let timeout = transfer.timeout { fields.append(("timeout", "\(timeout)")) }
        case .wait(let wait):
            if let timeout = wait.timeout { fields.append(("timeout", "\(timeout)")) }
            if !wait.results.isEmpty { fields.append(("results", Self.results(wait.results))) }
        case .subflow(let call):
            if !call.arguments.isEmpty { fields.append(("args", Self.bindings(call.arguments))) }
            if !call.results.isEmpty { fields.append(("results", Self.results(call.results))) }
        }
        if !state.performer.isEmpty {
            fields.append(("by", state.performer.map { NameText.performer($0.name, in: map) }.joined(separator: ", ")))
        }
        if let sla = state.sla { fields.append(("SLA", "\(sla)")) }
        if let limit = state.visitLimit { fields.append(("visits", "at most \(limit.max), then \(limit.then.name)")) }
        return fields
    }

    static func message(_ message: Message) -> [(String, String)] {
        var fields: [(String, String)] = []
        if let say = message.say { fields.append(("says", say.template)) }
        if let audio = message.audio { fields.append(("plays", audio.template)) }
        if let send = message.send { fields.append(("sends", send.template)) }
        if let card = message.card {
            var parts = [card.title?.template, card.body?.template].compactMap { $0 }
            if !card.buttons.isEmpty { parts.append("[" + card.buttons.joined(separator: "] [") + "]") }
            fields.append(("card", parts.joined(separator: "\n")))
        }
        return fields
    }

    private static func collectFields(_ collect: Collect) -> [(String, String)] {
        var asks = [collect.mode.rawValue]
        if let length = collect.length { asks.append("length \(length)") }
        if let min = collect.minLength { asks.append("at least \(min)") }
        if let max = collect.maxLength { asks.append("at most \(max)") }
        if let terminator = collect.terminator { asks.append("ends with \(terminator)") }
        if let timeout = collect.timeout { asks.append("timeout \(timeout)") }
        if let interDigit = collect.interDigitTimeout { asks.append("between keys \(interDigit)") }
        if let pattern = collect.pattern { asks.append("pattern \(pattern.pattern)") }
        if let valid = collect.valid { asks.append("valid if \(valid.text)") }
        if let store = collect.store { asks.append("stored in \(store.name)") }
        var fields = [("asks", asks.joined(separator: ", "))]
        if !collect.options.isEmpty {
            fields.append(("options", collect.options.map { option in
                option.label.map { "\(option.key)  \($0)" } ?? option.key
            }.joined(separator: "\n")))
        }
        if !collect.formFields.isEmpty {
            fields.append(("fields", collect.formFields.map {
                "\($0.variable.name): \($0.label)\($0.required ? " (required)" : "")"
            }.joined(separator: "\n")))
        }
        for (name, policy) in [("no-input", collect.noInput), ("no-match", collect.noMatch)] {
            guard let policy else { continue }
            let said = (policy.message.say ?? policy.message.send).map { "\($0.template) " } ?? ""
            fields.append((name, "\(said)(re-asks up to \(policy.max) time\(policy.max == 1 ? "" : "s"))"))
        }
        if let attempts = collect.maxAttempts { fields.append(("attempts", "at most \(attempts)")) }
        return fields
    }

    private static func bindings(_ bindings: [Binding]) -> String {
        bindings.map { "\($0.name) = \($0.value.text)" }.joined(separator: ", ")
    }

    private static func results(_ results: [ResultBinding]) -> String {
        results.map { "\($0.field) -> \($0.variable.name)" }.joined(separator: ", ")
    }
}
