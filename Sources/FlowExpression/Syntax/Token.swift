import FoundationEssentials

/// One lexical unit of an expression, with the span it covers.
struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case identifier(String)
        /// The digits as written; the parser reads the value, since `-9223372036854775808`
        /// only fits once the minus is known.
        case integer(String)
        case decimal(Decimal)
        case string(String)
        case keywordTrue, keywordFalse, keywordIn
        case punctuation(Punctuation)
        /// Text the lexer could not read and has already reported.
        case invalid
        case end
    }

    var kind: Kind
    var range: ExpressionRange

    /// Whether this token continues the expression before it as a member, index or call,
    /// which decides whether `-7` is one literal or a minus applied to `7.size()`.
    var startsPostfix: Bool {
        kind == .punctuation(.dot) || kind == .punctuation(.leftBracket)
            || kind == .punctuation(.leftParen)
    }
}

/// Operators and delimiters, spelled as in the text.
enum Punctuation: String, Sendable, Hashable, CaseIterable {
    case leftParen = "("
    case rightParen = ")"
    case leftBracket = "["
    case rightBracket = "]"
    case comma = ","
    case dot = "."
    case question = "?"
    case colon = ":"
    case not = "!"
    case notEqual = "!="
    case equal = "=="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case and = "&&"
    case or = "||"
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case percent = "%"
}
