/// A problem found while parsing or checking an expression. All of them are reported, not
/// only the first.
///
/// ```swift
/// // amout > 100, with `amount` declared:
/// ExpressionError(kind: .undeclaredName, message: "'amout' is not declared",
///                 range: ExpressionRange(start: 0, end: 5), suggestion: "amount")
/// ```
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The family of a problem, for callers that react differently to each.
    public enum Kind: String, Sendable, Hashable {
        case syntax, undeclaredName, typeMismatch, unknownFunction, invalidRegex
    }

    public var kind: Kind
    /// What is wrong, e.g. `'amout' is not declared` or
    /// `operator '<' cannot compare string with int`.
    public var message: String
    /// Where in the expression text the problem is.
    public var range: ExpressionRange
    /// A close name in scope (did-you-mean), e.g. `amount` for `amout`.
    public var suggestion: String?

    public init(kind: Kind, message: String, range: ExpressionRange, suggestion: String? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
        self.suggestion = suggestion
    }

    /// `3..<8: 'amout' is not declared; did you mean 'amount'?`
    public var description: String {
        let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ""
        return "\(range): \(message)\(hint)"
    }
}

/// Every problem found in one expression, in the order they appear in the text.
public struct ExpressionErrors: Error, Sendable, Hashable, CustomStringConvertible {
    public var errors: [ExpressionError]

    public init(_ errors: [ExpressionError]) {
        self.errors = errors
    }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
