import FlowExpression

/// A variable a flow declares: its type, default, and whether it holds personal data.
///
/// Variables declared `pii: true` are masked in the traversal log and in every output
/// a person without the right to see them reads.
public struct VariableDeclaration: Sendable, Hashable {
    public var name: String
    public var type: ExpressionType
    public var defaultValue: Value?
    public var pii: Bool
    public var description: String?
    /// The longest text the variable may hold; used to count SMS length of templates.
    public var maxLength: Int?
    public var location: SourceLocation

    public init(
        name: String, type: ExpressionType, defaultValue: Value? = nil, pii: Bool = false,
        description: String? = nil, maxLength: Int? = nil, location: SourceLocation
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.pii = pii
        self.description = description
        self.maxLength = maxLength
        self.location = location
    }
}
