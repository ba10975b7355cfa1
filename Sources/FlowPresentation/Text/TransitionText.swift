import FlowModel

/// How a transition reads: in the flow query (`on input if input == '1' -> lookup`) and
/// as a diagram edge label (`input [input == '1']`).
enum TransitionText {
    /// What makes the transition fire, as a sentence start: `on done`, `on input if input == '1'`,
    /// `if total > 0`, `otherwise`, `after 3 visits`, `on no-input after 2 retries`.
    static func trigger(_ transition: Transition, in state: State?) -> String {
        if let bound = bound(transition, in: state) { return bound }
        if case .otherwise = transition.origin { return "otherwise" }
        var parts: [String] = []
        if let event = transition.event { parts.append("on \(event)") }
        if let guardExpression = transition.guardExpression { parts.append("if \(guardExpression.text)") }
        return parts.isEmpty ? "always" : parts.joined(separator: " ")
    }

    /// The whole line: `on input if input == '1' -> lookup set month = '本月'`.
    static func line(_ transition: Transition, in state: State?) -> String {
        var text = "\(trigger(transition, in: state)) -> \(transition.target.name)"
        if !transition.assignments.isEmpty { text += " set \(assignments(transition))" }
        return text
    }

    /// A diagram edge label: `done`, `input [input == '1']`, `[total > 0]`, `[otherwise]`, `visits > 3`.
    static func label(_ transition: Transition, in state: State?) -> String {
        if let bound = bound(transition, in: state) {
            return bound.hasPrefix("on ") ? String(bound.dropFirst(3)) : bound
        }
        if case .otherwise = transition.origin { return "[otherwise]" }
        var parts: [String] = []
        if let event = transition.event { parts.append(event.rawValue) }
        if let guardExpression = transition.guardExpression { parts.append("[\(guardExpression.text)]") }
        return parts.joined(separator: " ")
    }

    /// `month = '本月', retries = retries + 1`.
    static func assignments(_ transition: Transition) -> String {
        transition.assignments.map { "\($0.variable.name) = \($0.value.text)" }.joined(separator: ", ")
    }

    /// The description of a transition taken by counting rather than by an event.
    private static func bound(_ transition: Transition, in state: State?) -> String? {
        var collect: Collect?
        if case .collect(let fields) = state?.kind { collect = fields }
        switch transition.origin {
        case .visitLimit:
            let max = state?.visitLimit?.max
            return max.map { "after \($0) visit\($0 == 1 ? "" : "s")" } ?? "after the visit limit"
        case .noInputExhausted:
            return "on no-input" + retries(collect?.noInput?.max)
        case .noMatchExhausted:
            return "on no-match" + retries(collect?.noMatch?.max)
        case .attemptsExhausted:
            return collect?.maxAttempts.map { "after \($0) attempt\($0 == 1 ? "" : "s")" } ?? "after the attempt limit"
        default:
            return nil
        }
    }

    private static func retries(_ max: Int?) -> String {
        guard let max else { return " after the retries" }
        return " after \(max) retr\(max == 1 ? "y" : "ies")"
    }
}
