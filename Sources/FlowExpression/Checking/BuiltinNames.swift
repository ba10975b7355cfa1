/// The names of the built-ins, for look-up and did-you-mean.
enum BuiltinNames {
    /// Called as `f(x)`.
    static let functions = ["size", "int", "decimal", "string", "has", "min", "max", "abs"]
    /// Called as `x.f()`.
    static let methods = ["size", "startsWith", "endsWith", "contains", "matches", "lower", "upper", "trim"]
    /// Methods taking no argument; the others take one.
    static let methodsWithoutArguments: Set = ["size", "lower", "upper", "trim"]
}
