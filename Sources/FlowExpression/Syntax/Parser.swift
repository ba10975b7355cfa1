/// The syntax error that stops the parser; `error` is nil when the lexer has already
/// reported the token the parser tripped on.
struct ParseFailure: Error {
    var error: ExpressionError?
    /// Whether the parser had reached the end of the text, as it does after a string that
    /// never closes.
    var atEnd = false
}

/// A precedence-climbing (Pratt) parser over the lexer's tokens.
///
/// Recursion is bounded: every nested sub-expression and prefix operator counts a level, and
/// every node built knows its height, so hostile input such as 5,000 `(` or `!` gives a
/// syntax error instead of overflowing the stack.
struct Parser {
    /// How deep expressions may nest, in parser levels and in tree height.
    static let maximumDepth = 64

    private let tokens: [Token]
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var depth = 0

    /// A parser over `tokens`, which must end with an `.end` token, lexed from `scalars`.
    init(tokens: [Token], scalars: [Unicode.Scalar]) {
        self.tokens = tokens.isEmpty ? [Token(kind: .end, range: ExpressionRange(start: 0, end: 0))] : tokens
        self.scalars = scalars
    }

    /// Parses the whole text as one expression.
    mutating func parse() throws(ParseFailure) -> Syntax {
        if case .end = current.kind {
            throw failure("the expression is empty", at: current.range)
        }
        let expression = try parseExpression()
        switch current.kind {
        case .end:
            return expression
        case .punctuation(.rightParen), .punctuation(.rightBracket):
            throw failure("unbalanced \(describe(current)): nothing to close", at: current.range)
        default:
            throw failure(
                "unexpected \(describe(current)) after a complete expression; expected an operator or the end",
                at: current.range)
        }
    }

    // MARK: - Levels of the grammar

    /// expression := binary(2) [ '?' expression ':' expression ]
    private mutating func parseExpression() throws(ParseFailure) -> Syntax {
        try enterLevel()
        defer { depth -= 1 }
        let condition = try parseBinary(minimumPrecedence: 2)
        guard current.kind == .punctuation(.question) else { return condition }
        advance()
        let then = try parseExpression()
        guard current.kind == .punctuation(.colon) else {
            throw failure("expected ':' of the conditional '?', found \(describe(current))", at: current.range)
        }
        advance()
        let otherwise = try parseExpression()
        return try node(.conditional(condition, then: then, else: otherwise), condition.range, otherwise.range)
    }

    /// Binary operators binding at least as tightly as `minimumPrecedence`, left-associative,
    /// except that comparisons refuse to chain.
    private mutating func parseBinary(minimumPrecedence: Int) throws(ParseFailure) -> Syntax {
        var left = try parseUnary()
        while let op = BinaryOperator(current.kind), op.precedence >= minimumPrecedence {
            let operatorRange = current.range
            advance()
            let right = try parseBinary(minimumPrecedence: op.precedence + 1)
            left = try node(.binary(op, left, right, operatorRange: operatorRange), left.range, right.range)
            if op.isComparison, let next = BinaryOperator(current.kind), next.precedence == op.precedence {
                throw failure(
                    "comparison operators do not chain: write 'a \(op.rawValue) b && b \(next.rawValue) c' or add parentheses",
                    at: current.range)
            }
        }
        return left
    }

    /// unary := ('!' | '-') unary | postfix; a minus directly before a number is part of it.
    private mutating func parseUnary() throws(ParseFailure) -> Syntax {
        let op: UnaryOperator
        switch current.kind {
        case .punctuation(.not): op = .not
        case .punctuation(.minus): op = .negate
        default: return try parsePostfix()
        }
        try enterLevel()
        defer { depth -= 1 }
        let operatorToken = current
        advance()
        if op == .negate, let literal = try negativeLiteral(after: operatorToken) {
            return literal
        }
        let operand = try parseUnary()
        return try node(.unary(op, operand), operatorToken.range, operand.range)
    }

    /// `-7` and `-2.5` are literals (so that `-9223372036854775808` is writable), unless a
    /// member, index or call follows: `-7.size()` negates the call.
    private mutating func negativeLiteral(after minus: Token) throws(ParseFailure) -> Syntax? {
        guard !peek(1).startsPostfix else { return nil }
        let token = current
        switch token.kind {
        case .integer(let digits):
            advance()
            let value = try integer(digits, negative: true, range: ExpressionRange(from: minus.range, to: token.range))
            return try node(.literal(.int(value)), minus.range, token.range)
        case .decimal(let value):
            advance()
            return try node(.literal(.decimal(-value)), minus.range, token.range)
        default:
            return nil
        }
    }

    /// postfix := primary ( '.' name [ '(' arguments ')' ] | '[' expression ']' )*
    private mutating func parsePostfix() throws(ParseFailure) -> Syntax {
        var expression = try parsePrimary()
        while true {
            switch current.kind {
            case .punctuation(.dot):
                advance()
                guard case .identifier(let name) = current.kind else {
                    throw failure(
                        "expected a field or method name after '.', found \(describe(current))", at: current.range)
                }
                let nameRange = current.range
                advance()
                if current.kind == .punctuation(.leftParen) {
                    let (arguments, close) = try parseArguments()
                    expression = try node(
                        .method(expression, name: name, nameRange: nameRange, arguments: arguments),
                        expression.range, close)
                } else {
                    expression = try node(
                        .member(expression, field: name, fieldRange: nameRange), expression.range, nameRange)
                }
            case .punctuation(.leftBracket):
                let open = current
                advance()
                let index = try parseExpression()
                let close = try expectClosing(.rightBracket, opener: open, what: "an index")
                expression = try node(.index(expression, index), expression.range, close)
            case .punctuation(.leftParen):
                throw failure("only functions and methods can be called; this value is not one", at: current.range)
            default:
                return expression
            }
        }
    }

    /// primary := literal | name | name '(' arguments ')' | '(' expression ')' | '[' elements ']'
    private mutating func parsePrimary() throws(ParseFailure) -> Syntax {
        let token = current
        switch token.kind {
        case .keywordTrue, .keywordFalse:
            advance()
            return try node(.literal(.bool(token.kind == .keywordTrue)), token.range, token.range)
        case .integer(let digits):
            advance()
            return try node(
                .literal(.int(integer(digits, negative: false, range: token.range))), token.range, token.range)
        case .decimal(let value):
            advance()
            return try node(.literal(.decimal(value)), token.range, token.range)
        case .string(let value):
            advance()
            return try node(.literal(.string(value)), token.range, token.range)
        case .identifier(let name):
            advance()
            guard current.kind == .punctuation(.leftParen) else {
                return try node(.name(name), token.range, token.range)
            }
            let (arguments, close) = try parseArguments()
            return try node(.call(function: name, nameRange: token.range, arguments: arguments), token.range, close)
        case .punctuation(.leftParen):
            advance()
            let inner = try parseExpression()
            _ = try expectClosing(.rightParen, opener: token, what: "the expression")
            return inner
        case .punctuation(.leftBracket):
            advance()
            let (elements, close) = try parseSequence(closing: .rightBracket, opener: token, what: "a list element")
            return try node(.list(elements), token.range, close)
        case .end where position > 0:
            throw failure("expected an expression after \(describe(tokens[position - 1]))", at: token.range)
        default:
            throw failure("expected an expression, found \(describe(token))", at: token.range)
        }
    }

    // MARK: - Sequences and closers

    private mutating func parseArguments() throws(ParseFailure) -> ([Syntax], ExpressionRange) {
        let open = current
        advance()
        return try parseSequence(closing: .rightParen, opener: open, what: "an argument")
    }

    /// Comma-separated expressions up to `closing`, the opener already consumed.
    private mutating func parseSequence(
        closing: Punctuation, opener: Token, what: String
    ) throws(ParseFailure) -> ([Syntax], ExpressionRange) {
        var items: [Syntax] = []
        if current.kind == .punctuation(closing) {
            let close = current.range
            advance()
            return (items, close)
        }
        while true {
            items.append(try parseExpression())
            if current.kind == .punctuation(.comma) {
                advance()
                continue
            }
            return (items, try expectClosing(closing, opener: opener, what: what))
        }
    }

    /// Consumes `closing`, or explains what is missing: at the end of the text, that the
    /// opener was never closed (pointing at it); elsewhere, what was found instead.
    private mutating func expectClosing(
        _ closing: Punctuation, opener: Token, what: String
    ) throws(ParseFailure) -> ExpressionRange {
        let token = current
        if token.kind == .punctuation(closing) {
            advance()
            return token.range
        }
        if case .end = token.kind {
            throw failure("\(describe(opener)) is never closed: missing '\(closing.rawValue)'", at: opener.range)
        }
        let separator = closing == .rightParen && what == "the expression" ? "" : "',' or "
        throw failure(
            "expected \(separator)'\(closing.rawValue)' after \(what), found \(describe(token))", at: token.range)
    }

    // MARK: - Helpers

    private var current: Token { tokens[min(position, tokens.count - 1)] }

    private func peek(_ offset: Int) -> Token {
        tokens[min(position + offset, tokens.count - 1)]
    }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    private mutating func enterLevel() throws(ParseFailure) {
        depth += 1
        if depth > Self.maximumDepth {
            throw tooDeep(at: current.range)
        }
    }

    /// A tree node spanning `first` to `last`, refused when the tree grows too tall (a long
    /// chain such as `1 + 1 + ... + 1` nests without any parenthesis).
    private func node(_ kind: Syntax.Kind, _ first: ExpressionRange, _ last: ExpressionRange) throws(ParseFailure)
        -> Syntax
    {
        let syntax = Syntax(kind, ExpressionRange(from: first, to: last))
        guard syntax.height <= Self.maximumDepth else { throw tooDeep(at: syntax.range) }
        return syntax
    }

    private func integer(_ digits: String, negative: Bool, range: ExpressionRange) throws(ParseFailure) -> Int64 {
        // The magnitude of Int64.min is one more than Int64.max, so read it unsigned.
        if let magnitude = UInt64(digits) {
            if !negative, magnitude <= UInt64(Int64.max) { return Int64(magnitude) }
            if negative, magnitude <= UInt64(Int64.max) + 1 { return Int64(truncatingIfNeeded: 0 &- magnitude) }
        }
        throw failure(
            "integer literal '\(negative ? "-" : "")\(Lexer.excerpt(ArraySlice(digits.unicodeScalars)))' does not fit in a 64-bit int",
            at: range)
    }

    private func tooDeep(at range: ExpressionRange) -> ParseFailure {
        failure("the expression is nested too deeply (more than \(Self.maximumDepth) levels)", at: range)
    }

    private func failure(_ message: String, at range: ExpressionRange) -> ParseFailure {
        // The lexer has already explained an invalid token.
        if current.kind == .invalid, current.range == range { return ParseFailure(error: nil) }
        return ParseFailure(
            error: ExpressionError(kind: .syntax, message: message, range: range), atEnd: current.kind == .end)
    }

    /// A token as named in messages: `')'`, `'amount'`, `the end of the expression`.
    private func describe(_ token: Token) -> String {
        if case .end = token.kind { return "the end of the expression" }
        let start = max(0, min(token.range.start, scalars.count))
        let end = max(start, min(token.range.end, scalars.count))
        return "'\(Lexer.excerpt(scalars[start..<end], limit: 20))'"
    }
}
