/// The names an expression may read.
///
/// ```swift
/// let scope = ExpressionScope([
///     ScopeVariable(name: "input", slot: 0, type: .string),
///     ScopeVariable(name: "amount", slot: 1, type: .decimal),
/// ])
/// scope.lookup("amount")?.slot   // 1
/// ```
public struct ExpressionScope: Sendable, Hashable {
    /// The variables in declaration order; suggestions prefer earlier ones on a tie.
    public let variables: [ScopeVariable]
    private let indexByName: [String: Int]

    /// A scope of `variables`; should a name repeat, the first declaration wins.
    public init(_ variables: [ScopeVariable]) {
        var indexByName: [String: Int] = [:]
        var unique: [ScopeVariable] = []
        for variable in variables where indexByName[variable.name] == nil {
            indexByName[variable.name] = unique.count
            unique.append(variable)
        }
        self.variables = unique
        self.indexByName = indexByName
    }

    /// A scope with no names at all.
    public static let empty = ExpressionScope([])

    /// The declared names, in declaration order.
    public var names: [String] {
        variables.map(\.name)
    }

    /// The variable called `name`, if declared.
    public func lookup(_ name: String) -> ScopeVariable? {
        indexByName[name].map { variables[$0] }
    }
}
