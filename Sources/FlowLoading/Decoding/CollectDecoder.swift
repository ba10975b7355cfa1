import FlowExpression
import FlowModel

/// Decodes a collect state's `input:`, `options:`, `no-input:`, `no-match:` and
/// `max-attempts:`, lowering options and retry limits into transitions.
struct CollectDecoder {
    let state: StateDecoder
    var context: DecodeContext { state.context }

    static let inputKeys = [
        "mode", "length", "min-length", "max-length", "terminator", "timeout", "inter-digit-timeout", "pattern", "valid",
        "store", "fields",
    ]

    func decode(_ reader: inout MappingReader, _ what: String, transitions: inout [Transition]) -> Collect? {
        guard let inputNode = reader.require("input"), context.mapping(inputNode, "\(what) input") != nil else {
            _ = reader.take("options")
            _ = reader.take("no-input")
            _ = reader.take("no-match")
            _ = reader.take("max-attempts")
            return nil
        }
        var input = MappingReader(inputNode, "\(what) input", context)
        let inputWhat = "\(what) input"
        let mode = input.require("mode").flatMap { context.choice($0, "\(inputWhat) mode", as: InputMode.self) }
        var collect = Collect(mode: mode ?? .text)
        collect.length = input.take("length").flatMap { context.integer($0, "\(inputWhat) length", range: 1...1000) }
        collect.minLength = input.take("min-length").flatMap { context.integer($0, "\(inputWhat) min-length", range: 0...1000) }
        collect.maxLength = input.take("max-length").flatMap { context.integer($0, "\(inputWhat) max-length", range: 1...10_000) }
        if let node = input.take("terminator"), let text = context.textOrInteger(node, "\(inputWhat) terminator") {
            if text.count == 1, "0123456789*#".contains(text) {
                collect.terminator = text
            } else {
                context.report(.invalidValue, "\(inputWhat) terminator '\(text)' must be one DTMF key: 0-9, * or #", at: node)
            }
        }
        collect.timeout = input.take("timeout").flatMap { context.duration($0, "\(inputWhat) timeout") }
        collect.interDigitTimeout = input.take("inter-digit-timeout").flatMap {
            context.duration($0, "\(inputWhat) inter-digit-timeout")
        }
        if let node = input.take("pattern"), let pattern = context.nonEmptyText(node, "\(inputWhat) pattern") {
            collect.pattern = PatternText(pattern: pattern, location: context.location(node))
            if case .failure(let errors) = CheckedExpression.compile(
                "input.matches(\(Self.stringLiteral(pattern)))", in: state.compiler.scope, expecting: .bool)
            {
                for error in errors.errors where error.kind == .invalidRegex {
                    context.report(.invalidPattern, "\(inputWhat) pattern: \(error.message)", at: node)
                }
            }
        }
        collect.valid = input.take("valid").flatMap { state.compiler.compile($0, "\(inputWhat) valid", expecting: .bool) }
        collect.store = input.take("store").flatMap { state.variableRef($0, "\(inputWhat) store") }
        if let store = collect.store, let type = state.variableType(store), ![.string, .int, .decimal].contains(type) {
            context.report(Diagnostic(
                .typeMismatch, "\(inputWhat) store '\(store.name)' is \(type); input can be stored in string, int or decimal variables",
                at: store.location))
        }
        if let node = input.take("fields") { collect.formFields = formFields(node, inputWhat) }
        input.finish(allowed: Self.inputKeys)

        if let node = reader.take("options") {
            collect.options = options(node, what, transitions: &transitions)
        }
        if let node = reader.take("no-input") {
            collect.noInput = retry(node, "\(what) no-input", event: .noInput, origin: .noInputExhausted, transitions: &transitions)
        }
        if let node = reader.take("no-match") {
            collect.noMatch = retry(node, "\(what) no-match", event: .noMatch, origin: .noMatchExhausted, transitions: &transitions)
        }
        if let node = reader.take("max-attempts") {
            collect.maxAttempts = attempts(node, what, transitions: &transitions)
        }
        return collect
    }

    /// `options:` entries `{ key, label, to, set, when }`: each is a transition on input equal to its key.
    private func options(_ node: YAMLNode, _ what: String, transitions: inout [Transition]) -> [CollectOption] {
        guard let items = context.sequence(node, "\(what) options") else { return [] }
        var seen: [String: YAMLNode] = [:]
        var result: [CollectOption] = []
        for (index, item) in items.enumerated() {
            let optionWhat = "\(what) option \(index + 1)"
            guard context.mapping(item, optionWhat) != nil else { continue }
            var reader = MappingReader(item, optionWhat, context)
            let keyNode = reader.require("key")
            let key = keyNode.flatMap { context.textOrInteger($0, "\(optionWhat) key") }
            let label = reader.take("label").flatMap { context.nonEmptyText($0, "\(optionWhat) label") }
            let userGuard = reader.take("when")
            guard let key, let keyNode else {
                _ = state.transition(item, optionWhat, origin: .option(key: "?"), event: .input, eventRequired: false, reader: reader)
                reader.finish(allowed: ["key", "label", "to", "set", "when", "note"])
                continue
            }
            if let first = seen[key] {
                context.report(
                    .overlappingTransitions, "\(what) has two options with key '\(key)'; the second can never be chosen",
                    at: keyNode, notes: [.init("first option with this key", at: context.location(first))])
            }
            seen[key] = keyNode
            let option = CollectOption(key: key, label: label, location: context.location(item))
            result.append(option)
            // The guard compares the input with the key; a `when:` narrows it further.
            var guardText = "input == \(Self.stringLiteral(key))"
            var guardNode = keyNode
            if let userGuard, let text = context.expressionText(userGuard, "\(optionWhat) when") {
                guardText += " && (\(text))"
                guardNode = userGuard
            }
            let shift = -(guardText.unicodeScalars.count - (userGuard.flatMap { $0.text.unicodeScalars.count } ?? 0) - 1)
            let guardExpression = state.compiler.compile(
                text: guardText, node: guardNode, "\(optionWhat) when", expecting: .bool,
                offsetShift: userGuard == nil ? 0 : shift)
            let target = reader.require("to").flatMap { state.stateRef($0, "\(optionWhat) to") }
            let assignments = reader.take("set").map { state.assignments($0, optionWhat) } ?? []
            if let note = reader.take("note") { _ = context.text(note, "\(optionWhat) note") }
            reader.finish(allowed: ["key", "label", "to", "set", "when", "note"])
            if let target {
                transitions.append(Transition(
                    event: .input, guardExpression: guardExpression, target: target, assignments: assignments,
                    origin: .option(key: key), location: context.location(item)))
            }
        }
        return result
    }

    /// `no-input: { say, send, max, then }`.
    private func retry(
        _ node: YAMLNode, _ what: String, event: FlowEvent, origin: TransitionOrigin, transitions: inout [Transition]
    ) -> RetryPolicy? {
        guard context.mapping(node, what) != nil else { return nil }
        var reader = MappingReader(node, what, context)
        let message = state.message(&reader, what)
        let max = reader.take("max").flatMap { context.integer($0, "\(what) max", range: 0...20) } ?? 3
        let then = reader.require("then").flatMap { state.stateRef($0, "\(what) then") }
        let assignments = reader.take("set").map { state.assignments($0, what) } ?? []
        reader.finish(allowed: StateDecoder.messageKeys + ["max", "then", "set"])
        if let then {
            transitions.append(Transition(
                event: event, target: then, assignments: assignments, origin: origin, location: context.location(node)))
        }
        return RetryPolicy(message: message, max: max, location: context.location(node))
    }

    /// `max-attempts: 5` or `max-attempts: { max: 5, then: to-agent }`.
    private func attempts(_ node: YAMLNode, _ what: String, transitions: inout [Transition]) -> Int? {
        if node.kind == .scalar {
            return context.integer(node, "\(what) max-attempts", range: 1...50)
        }
        guard context.mapping(node, "\(what) max-attempts") != nil else { return nil }
        var reader = MappingReader(node, "\(what) max-attempts", context)
        let max = reader.require("max").flatMap { context.integer($0, "\(what) max-attempts max", range: 1...50) }
        let then = reader.require("then").flatMap { state.stateRef($0, "\(what) max-attempts then") }
        reader.finish(allowed: ["max", "then"])
        if let then {
            transitions.append(Transition(
                event: nil, target: then, origin: .attemptsExhausted, location: context.location(node)))
        }
        return max
    }

    /// `fields:` of a form: `{ store, label, required }`.
    private func formFields(_ node: YAMLNode, _ what: String) -> [FormField] {
        guard let items = context.sequence(node, "\(what) fields") else { return [] }
        var seen: Set<String> = []
        return items.enumerated().compactMap { index, item in
            let fieldWhat = "\(what) field \(index + 1)"
            guard context.mapping(item, fieldWhat) != nil else { return nil }
            var reader = MappingReader(item, fieldWhat, context)
            let variable = reader.require("store").flatMap { state.variableRef($0, "\(fieldWhat) store") }
            let label = reader.require("label").flatMap { context.nonEmptyText($0, "\(fieldWhat) label") }
            let required = reader.take("required").flatMap { context.bool($0, "\(fieldWhat) required") } ?? true
            reader.finish(allowed: ["store", "label", "required"])
            guard let variable, let label else { return nil }
            if !seen.insert(variable.name).inserted {
                context.report(Diagnostic(.duplicateName, "\(what) stores '\(variable.name)' from two fields", at: variable.location))
            }
            return FormField(variable: variable, label: label, required: required)
        }
    }

    /// A single-quoted expression string literal holding `text`.
    static func stringLiteral(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "'") }) else { return "'" + text + "'" }
        return "'" + text.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
    }
}
