import FlowExpression
import FlowModel
import FlowRuntime

/// One scenario of a scenario file: a contact played through a flow, step by step, with
/// what is expected to happen. Names are checked against the library when it is read,
/// so a scenario that loads can only fail by the flow behaving otherwise.
struct Scenario: Sendable {
    var name: String
    /// The scenario's `name:` in its file.
    var location: SourceLocation
    /// The flow the contact starts in, compiled.
    var program: FlowProgram
    var contactPoint: ContactPointInfo
    var customer: String
    var agent: Actor?
    /// Local hour at the start (`session.hour`).
    var hour: Int
    /// Initial values, typed by the flow's declarations.
    var variables: [String: Value]
    /// The message that opens the contact (an SMS hall command): the flow's `input` at its start.
    var firstInput: String?
    var steps: [ScenarioStep]
    /// What must hold when the last step is done.
    var final: [Expectation]

    var file: String { location.file }
}

/// One step: time passes, an event happens, and what it did is checked.
struct ScenarioStep: Sendable {
    /// 1-based, in the order written.
    var number: Int
    var location: SourceLocation
    /// Milliseconds the clock moves before the event; timers that fall due meanwhile fire.
    var after: Int64?
    /// Nil for a step that only lets time pass or only checks.
    var event: StepEvent?
    var expectations: [Expectation]

    /// `step 3 (input: 1)`, for failure reports.
    var title: String {
        if let event { return "step \(number) (\(event.text))" }
        if let after { return "step \(number) (after: \(FlowDuration(milliseconds: after)))" }
        return "step \(number)"
    }
}

/// What happens at a step.
enum StepEvent: Sendable {
    case input(String)
    case form([String: String])
    case noInput
    case noMatch
    case outcome(String, results: [String: Value])
    case external(String, text: String?, data: [String: Value])
    /// The armed timer of this kind falls due now.
    case timeout(TimerKind)
    case hangup
    case agentRequest
    case override(state: String, reason: String)
    case record(state: String, note: String?)

    /// The step as a scenario file writes it: `input: 1`, `outcome: ok`, `timeout: input`.
    var text: String {
        switch self {
        case .input(let text): "input: \(text)"
        case .form(let fields): "form: " + fields.keys.sorted().joined(separator: ", ")
        case .noInput: "no-input"
        case .noMatch: "no-match"
        case .outcome(let name, _): "outcome: \(name)"
        case .external(let name, let text, _): "event: \(name)" + (text.map { ", text: \($0)" } ?? "")
        case .timeout(let kind): "timeout: \(kind.rawValue)"
        case .hangup: "hangup"
        case .agentRequest: "agent-request"
        case .override(let state, let reason): "override: \(state), reason: \(reason)"
        case .record(let state, _): "record: \(state)"
        }
    }
}
