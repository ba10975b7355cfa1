import FlowExpression
import FlowModel
import FlowRuntime

/// Actions as one line each, for failure reports and the walk-through:
/// `say "您好"`, `collect dtmf length 1 keys 1 2 (timeout 5s)`, `run billing.current-bill(month: 本月)`.
enum ActionText {
    static func line(_ action: Action) -> String {
        switch action {
        case .say(let prompt): return "say \(quoted(prompt.text))"
        case .send(let prompt): return "send \(quoted(prompt.text))"
        case .play(let audio): return "play \(audio)"
        case .showCard(let title, let body, _, let buttons):
            var text = "card"
            if let title { text += " \(quoted(title.text))" }
            if let body { text += " \(quoted(body.text))" }
            if !buttons.isEmpty { text += " [\(buttons.joined(separator: " | "))]" }
            return text
        case .collect(let request): return collect(request)
        case .runTask(let request):
            let arguments = request.arguments.map { "\($0.name): \($0.value.plainText)" }.joined(separator: ", ")
            return "run \(request.operation)(\(arguments))" + timeout(request.timeout)
        case .transfer(let target, let limit): return "transfer to \(target.kindName) \(target.name)" + timeout(limit)
        case .handoff(let request):
            var text = "hand off to \(request.channel)"
            if request.business != "" { text += " (\(request.business))" }
            if let via = request.via { text += " via \(via.rawValue)" }
            if let message = request.message { text += ": \(quoted(message.text))" }
            return text
        case .await(let events, let limit): return "await \(events.joined(separator: ", "))" + timeout(limit)
        case .end(let outcome): return "end \(outcome.rawValue)"
        }
    }

    static func collect(_ request: CollectRequest) -> String {
        var parts = ["collect \(request.mode.rawValue)"]
        if let length = request.length { parts.append("length \(length)") }
        if let low = request.minLength { parts.append("min-length \(low)") }
        if let high = request.maxLength { parts.append("max-length \(high)") }
        if let terminator = request.terminator { parts.append("ending \(terminator)") }
        if !request.options.isEmpty { parts.append("keys " + request.options.map(\.key).joined(separator: " ")) }
        if !request.formFields.isEmpty { parts.append("fields " + request.formFields.map(\.name).joined(separator: " ")) }
        if request.retry > 0 { parts.append("retry \(request.retry)") }
        return parts.joined(separator: " ") + timeout(request.timeout)
    }

    static func timeout(_ milliseconds: Int64?) -> String {
        milliseconds.map { " (timeout \(FlowDuration(milliseconds: $0)))" } ?? ""
    }

    static func quoted(_ text: String) -> String { "\"\(text)\"" }
}
