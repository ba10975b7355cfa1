import FlowAccess
import FlowRuntime

/// `POST /v1/sessions/{id}/events`: one event with its id (a retry with the same id gets
/// the recorded answer). `kind` picks the fields that matter:
///
/// | kind | fields |
/// |---|---|
/// | `input` | `text` |
/// | `form` | `fields` |
/// | `no-input`, `no-match`, `hangup`, `agent-request` | none |
/// | `outcome` | `outcome`, `results` |
/// | `external` | `name`, `text`, `data` |
/// | `override` | `to`, `reason` |
/// | `record-step` | `state`, `note` |
public struct EventBody: Sendable, Codable {
    public var id: String
    public var kind: String
    public var text: String?
    public var fields: [String: String]?
    public var outcome: String?
    public var results: [String: JSONValue]?
    public var name: String?
    public var data: [String: JSONValue]?
    public var to: String?
    public var reason: String?
    public var state: String?
    public var note: String?
    /// Who acted (guided channels); for an agent key the id is always the key's agent.
    public var actor: Actor?

    /// The kinds a caller may send (timers are the engine's own).
    public static let kinds = [
        "input", "form", "no-input", "no-match", "outcome", "external", "hangup", "agent-request", "override",
        "record-step",
    ]

    /// The engine's event, each missing field named.
    func event() throws(ServiceError) -> SessionEvent.Kind {
        switch kind {
        case "input": return .input(try require(text, "text"))
        case "form": return .form(try require(fields, "fields"))
        case "no-input": return .noInput
        case "no-match": return .noMatch
        case "outcome":
            return .outcome(try require(outcome, "outcome"), results: try (results ?? [:]).values(field: "results"))
        case "external":
            // As `flowmap walk` and scenarios do: the text is also `data.text` (a wait's
            // `results: {reply: text}` reads it there) unless the data names its own.
            var values = try (data ?? [:]).values(field: "data")
            if let text, values["text"] == nil { values["text"] = .string(text) }
            return .external(try require(name, "name"), text: text, data: values)
        case "hangup": return .hangup
        case "agent-request": return .agentRequest
        case "override": return .override(to: try require(to, "to"), reason: try require(reason, "reason"))
        case "record-step": return .recordStep(state: try require(state, "state"), note: note)
        default:
            throw ServiceError(
                .badRequest, "unknown-event-kind",
                "kind '\(kind)' is not one of \(Self.kinds.joined(separator: ", "))", field: "kind")
        }
    }

    /// What the key must be allowed to do for this event.
    var action: FlowAccess.Action {
        switch kind {
        case "input", "form", "no-input", "no-match": .sendInput
        case "override": .overrideStep
        case "record-step": .recordStep
        default: .sendEvent
        }
    }

    private func require<T>(_ value: T?, _ field: String) throws(ServiceError) -> T {
        guard let value else {
            throw ServiceError(.badRequest, "missing-field", "a '\(kind)' event needs '\(field)'", field: field)
        }
        return value
    }
}
