/// `!` and unary `-`.
enum UnaryOperator: String, Sendable, Hashable {
    case not = "!"
    case negate = "-"
}

/// The binary operators, with the precedence table of docs/expressions.md.
enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or = "||"
    case and = "&&"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case `in` = "in"
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"

    /// Binding strength, loosest first; the conditional is 1, unary operators 8, postfix 9.
    var precedence: Int {
        switch self {
        case .or: 2
        case .and: 3
        case .equal, .notEqual: 4
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .in: 5
        case .add, .subtract: 6
        case .multiply, .divide, .remainder: 7
        }
    }

    /// Comparisons do not chain: `a < b < c` and `a == b == c` are syntax errors, as in CEL.
    var isComparison: Bool {
        precedence == 4 || precedence == 5
    }

    /// The operator a token stands for when it appears between two operands.
    init?(_ kind: Token.Kind) {
        switch kind {
        case .keywordIn: self = .in
        case .punctuation(let punctuation):
            switch punctuation {
            case .or: self = .or
            case .and: self = .and
            case .equal: self = .equal
            case .notEqual: self = .notEqual
            case .less: self = .less
            case .lessOrEqual: self = .lessOrEqual
            case .greater: self = .greater
            case .greaterOrEqual: self = .greaterOrEqual
            case .plus: self = .add
            case .minus: self = .subtract
            case .star: self = .multiply
            case .slash: self = .divide
            case .percent: self = .remainder
            default: return nil
            }
        default: return nil
        }
    }
}
