import FlowExpression
import FlowModel
import Mustache

extension Prompt {
    /// The prompt's text with its values filled in (swift-mustache, plain text: nothing
    /// is HTML-escaped). Plain templates cost nothing; others use the program's compiled
    /// template.
    public var text: String {
        guard let compiled = program.compiledTemplate(template) else { return template }
        return compiled.render(PromptValues(program: program, variables: variables))
    }
}

extension FlowProgram {
    /// The compiled template for a text of this program, or nil for plain text.
    func compiledTemplate(_ text: String) -> MustacheTemplate? {
        guard text.utf8.contains(UInt8(ascii: "{")) else { return nil }
        return templates.template(for: text)
    }
}

/// Compiled templates by text, filled as prompts are first rendered.
final class TemplateCache: @unchecked Sendable {
    // Guarded by `lock`; compiled templates are immutable values.
    private var cache: [String: MustacheTemplate] = [:]
    private let lock = PThreadLock()

    func template(for text: String) -> MustacheTemplate? {
        lock.withLock {
            if let cached = cache[text] { return cached }
            // The pragma makes the output plain text, with no HTML escaping.
            guard let compiled = try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text) else { return nil }
            cache[text] = compiled
            return compiled
        }
    }
}

/// The session's values as a Mustache context: names resolve to slots.
private struct PromptValues: MustacheParent {
    let program: FlowProgram
    let variables: SlotEnvironment

    func child(named name: String) -> Any? {
        let slot: Int?
        switch name {
        case "session": slot = program.sessionSlot
        case "input": slot = program.inputSlot
        default: slot = program.flow.variableSlot(named: name)
        }
        guard let slot else { return nil }
        let type: ExpressionType =
            slot == program.sessionSlot ? .record(FlowScope.sessionType)
            : slot == program.inputSlot ? .string : program.flow.variables[slot].type
        return Self.mustacheValue(variables.value(ofSlot: slot), type: type)
    }

    static func mustacheValue(_ value: Value, type: ExpressionType) -> Any {
        switch (value, type) {
        case (.bool(let flag), _): return flag
        case (.list(let items), .list(let element)): return items.map { mustacheValue($0, type: element) }
        case (.record(let fields), .record(let record)):
            var values: [String: Any] = [:]
            for (field, value) in zip(record.fields, fields) { values[field.name] = mustacheValue(value, type: field.type) }
            return values
        default: return value.plainText
        }
    }
}
