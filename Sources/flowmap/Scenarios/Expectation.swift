import FlowExpression
import FlowModel
import FlowRuntime

/// Something a scenario expects, after a step or at the end, with where it was written.
struct Expectation: Sendable {
    var location: SourceLocation
    var kind: Kind

    enum Kind: Sendable {
        /// The state the contact is in (or ended in).
        case state(StateName)
        /// Every state entered since the start, in order.
        case path([StateName])
        /// The states this step entered, in order.
        case enters([StateName])
        case says(TextList)
        case sends(TextList)
        case plays(TextList)
        case shows(CardExpectation)
        case collects(CollectExpectation)
        case runs(TaskExpectation)
        case transfers(TransferExpectation)
        case handsOff(HandoffExpectation)
        case awaits([String])
        /// Variables of the scenario's flow (or of a running subflow); nil: not set.
        case vars([VariableExpectation])
        /// The contact ended with this outcome; nil: it has not ended.
        case ends(EndOutcome?)
        /// The runtime refuses the step's event (optionally saying this).
        case refused(TextMatch?)
        /// `runs: []`, `transfers: []`...: the step does nothing of this kind.
        case none(ActionKind)
    }

    /// Kinds of action an empty list says the step does not do.
    enum ActionKind: String, Sendable, CaseIterable {
        case shows, collects, runs, transfers
        case handsOff = "hands-off"
        case awaits

        func matches(_ action: Action) -> Bool {
            switch (self, action) {
            case (.shows, .showCard), (.collects, .collect), (.runs, .runTask), (.transfers, .transfer),
                (.handsOff, .handoff), (.awaits, .await):
                true
            default:
                false
            }
        }
    }
}

/// A text as expected: exactly, or containing a part.
enum TextMatch: Sendable, CustomStringConvertible {
    case exact(String)
    case contains(String)

    func matches(_ text: String) -> Bool {
        switch self {
        case .exact(let expected): text == expected
        case .contains(let part): text.contains(part)
        }
    }

    var description: String {
        switch self {
        case .exact(let text): "\"\(text)\""
        case .contains(let part): "a text containing \"\(part)\""
        }
    }
}

/// `says: 文本` (one of the step's texts), or `says: [a, b]` (exactly these, in order).
enum TextList: Sendable {
    case any(TextMatch)
    case exactly([TextMatch])
}

struct CardExpectation: Sendable {
    var title: TextMatch?
    var body: TextMatch?
    var buttons: [String]?
}

struct CollectExpectation: Sendable {
    var mode: InputMode?
    var length: Int?
    var minLength: Int?
    var maxLength: Int?
    /// Option keys, in order.
    var options: [String]?
    /// Option labels, in order.
    var labels: [String]?
    var fields: [String]?
    var timeout: Int64?
    var retry: Int?
}

struct TaskExpectation: Sendable {
    var operation: String
    /// Arguments that must have these values (as text); others are not checked.
    var arguments: [(name: String, value: String)]
}

struct TransferExpectation: Sendable {
    /// `queue`, `skill` or `org-unit`; nil: any kind with this name.
    var kind: String?
    var target: String
    var timeout: Int64?
}

struct HandoffExpectation: Sendable {
    var channel: String
    var business: String?
    var via: String?
    var message: TextMatch?
}

struct VariableExpectation: Sendable {
    /// Nil for the scenario's own flow.
    var flow: String?
    var name: String
    var type: ExpressionType
    /// Nil: the variable must not be set.
    var value: Value?

    var qualifiedName: String { flow.map { "\($0)/\(name)" } ?? name }
}
