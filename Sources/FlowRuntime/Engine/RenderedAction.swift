import FlowExpression
import FlowModel

/// An action as the adapter receives it: prompts rendered to text, values in plain form.
/// Codable, for the HTTP API and for event receipts (a retry gets the same answer).
public enum RenderedAction: Sendable, Hashable, Codable {
    case say(String)
    case send(String)
    case play(audio: String)
    case card(title: String?, body: String?, image: String?, buttons: [String])
    case collect(CollectRequest)
    case runTask(state: String, operation: String, arguments: [String: String], timeout: Int64?)
    case transfer(kind: String, target: String, timeout: Int64?)
    case handoff(channel: String, business: String, via: String?, message: String?, journey: String)
    case await(events: [String], timeout: Int64?)
    case end(outcome: String)

    /// Renders an action's prompts with the values they captured.
    public init(_ action: Action) {
        switch action {
        case .say(let prompt): self = .say(prompt.text)
        case .send(let prompt): self = .send(prompt.text)
        case .play(let audio): self = .play(audio: audio)
        case .showCard(let title, let body, let image, let buttons):
            self = .card(title: title?.text, body: body?.text, image: image, buttons: buttons)
        case .collect(let request): self = .collect(request)
        case .runTask(let request):
            var arguments: [String: String] = [:]
            for argument in request.arguments { arguments[argument.name] = argument.value.plainText }
            self = .runTask(state: request.state, operation: request.operation, arguments: arguments, timeout: request.timeout)
        case .transfer(let target, let timeout): self = .transfer(kind: target.kindName, target: target.name, timeout: timeout)
        case .handoff(let request):
            self = .handoff(
                channel: request.channel, business: request.business, via: request.via?.rawValue,
                message: request.message?.text, journey: request.journey)
        case .await(let events, let timeout): self = .await(events: events, timeout: timeout)
        case .end(let outcome): self = .end(outcome: outcome.rawValue)
        }
    }
}


extension Value {
    /// The value as text for people and adapters: strings without quotes, decimals as written.
    public var plainText: String {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .int(let integer): String(integer)
        case .decimal(let decimal): "\(decimal)"
        case .list(let items): items.map(\.plainText).joined(separator: ", ")
        case .record(let fields): fields.map(\.plainText).joined(separator: ", ")
        }
    }
}
