/// One name visible to expressions: a flow variable or a built-in such as `input` or the
/// record `session`.
///
/// The slot is where evaluation reads the value from (see ``ExpressionEnvironment``), so a
/// checked expression never looks a name up again.
public struct ScopeVariable: Sendable, Hashable {
    public var name: String
    public var slot: Int
    public var type: ExpressionType

    public init(name: String, slot: Int, type: ExpressionType) {
        self.name = name
        self.slot = slot
        self.type = type
    }
}
