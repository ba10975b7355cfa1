import FlowExpression

/// The names a flow's expressions and templates may read, and where their values live.
///
/// Slots `0..<variables.count` are the flow's declared variables in declaration order;
/// then come the built-ins: `session` (facts about the contact) and `input` (the most
/// recent input or event text the session received).
public enum FlowScope {
    /// Facts about the contact, fixed when the session starts.
    public static let sessionType = RecordType(name: "session", fields: [
        RecordField(name: "business", type: .string),
        RecordField(name: "channel", type: .string),
        RecordField(name: "brand", type: .string),
        RecordField(name: "environment", type: .string),
        RecordField(name: "code", type: .string),
        RecordField(name: "customer", type: .string),
        RecordField(name: "journey", type: .string),
        RecordField(name: "hour", type: .int),
    ])

    /// Built-in session fields that hold personal data and are masked like `pii` variables.
    public static let piiSessionFields: Set<String> = ["customer"]

    public static let builtinNames = ["session", "input"]

    public static func sessionSlot(variableCount: Int) -> Int { variableCount }
    public static func inputSlot(variableCount: Int) -> Int { variableCount + 1 }

    /// The scope for a flow declaring `variables`.
    public static func scope(for variables: [VariableDeclaration]) -> ExpressionScope {
        var names = variables.enumerated().map { ScopeVariable(name: $1.name, slot: $0, type: $1.type) }
        names.append(ScopeVariable(name: "session", slot: sessionSlot(variableCount: variables.count), type: .record(sessionType)))
        names.append(ScopeVariable(name: "input", slot: inputSlot(variableCount: variables.count), type: .string))
        return ExpressionScope(names)
    }
}

extension Flow {
    /// The names this flow's expressions may read.
    public var expressionScope: ExpressionScope { FlowScope.scope(for: variables) }
}
