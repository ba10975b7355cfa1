/// Splits expression text into tokens, reporting every lexical problem it meets rather than
/// stopping at the first, so that two bad escapes are both shown.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private(set) var tokens: [Token] = []
    private(set) var errors: [ExpressionError] = []
    /// Whether a string ran to the end of the text; the parser's complaints about the
    /// missing rest are then noise.
    private(set) var sawUnterminatedString = false

    /// Tokenizes `scalars`; the result always ends with an `.end` token.
    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar.properties.isWhitespace {
                position += 1
            } else if Self.isIdentifierStart(scalar) {
                lexWord()
            } else if LiteralText.isDigit(scalar) {
                lexNumber()
            } else if scalar == "'" || scalar == "\"" {
                lexString(quote: scalar)
            } else if !lexPunctuation() {
                lexInvalid()
            }
        }
        tokens.append(Token(kind: .end, range: ExpressionRange(start: scalars.count, end: scalars.count)))
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isXIDStart
    }

    static func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isXIDContinue
    }

    // MARK: - Words and numbers

    private mutating func lexWord() {
        let start = position
        let word = take(while: Self.isIdentifierContinue)
        let kind: Token.Kind =
            switch word {
            case "true": .keywordTrue
            case "false": .keywordFalse
            case "in": .keywordIn
            default: .identifier(word)
            }
        tokens.append(Token(kind: kind, range: range(from: start)))
    }

    private mutating func lexNumber() {
        let start = position
        let whole = take(while: LiteralText.isDigit)
        var fraction: String?
        if peek() == ".", let next = peek(1), LiteralText.isDigit(next) {
            position += 1
            fraction = take(while: LiteralText.isDigit)
        }
        // `12abc` is one bad number, not the number 12 followed by the name abc.
        if let next = peek(), Self.isIdentifierContinue(next) {
            _ = take(while: Self.isIdentifierContinue)
            reportInvalidToken("invalid number '\(text(from: start))'", from: start)
            return
        }
        guard let fraction else {
            tokens.append(Token(kind: .integer(whole), range: range(from: start)))
            return
        }
        guard let value = LiteralText.decimal(whole: whole, fraction: fraction) else {
            reportInvalidToken(
                "decimal literal '\(text(from: start))' has more than \(LiteralText.maximumDecimalDigits) digits",
                from: start)
            return
        }
        tokens.append(Token(kind: .decimal(value), range: range(from: start)))
    }

    // MARK: - Strings

    private mutating func lexString(quote: Unicode.Scalar) {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else {
                sawUnterminatedString = true
                errors.append(
                    ExpressionError(
                        kind: .syntax, message: "unterminated string: missing the closing \(quote)",
                        range: range(from: start)))
                break
            }
            position += 1
            if scalar == quote { break }
            if scalar == "\\" {
                if let escaped = lexEscape(startingAt: position - 1) { value.append(escaped) }
            } else {
                value.append(scalar)
            }
        }
        tokens.append(Token(kind: .string(String(value)), range: range(from: start)))
    }

    /// Reads the escape whose backslash is at `start` (the backslash already consumed);
    /// nil after reporting a bad one.
    private mutating func lexEscape(startingAt start: Int) -> Unicode.Scalar? {
        guard let letter = peek() else { return nil }  // the string is unterminated; reported there
        position += 1
        switch letter {
        case "\\", "'", "\"": return letter
        case "n": return "\n"
        case "t": return "\t"
        case "u":
            let digits = take(maxLength: 4) { $0.properties.isASCIIHexDigit }
            guard digits.unicodeScalars.count == 4, let code = UInt32(digits, radix: 16) else {
                report("invalid escape '\(text(from: start))': \\u needs four hexadecimal digits", from: start)
                return nil
            }
            guard let scalar = Unicode.Scalar(code) else {
                report("invalid escape '\(text(from: start))': not a Unicode scalar", from: start)
                return nil
            }
            return scalar
        default:
            if letter == "\n" || letter == "\r" { position -= 1 }  // keep line breaks out of the range
            report(
                "invalid escape '\(text(from: start))' in a string; the escapes are \\\\ \\' \\\" \\n \\t \\uXXXX",
                from: start)
            return nil
        }
    }

    // MARK: - Operators and stray characters

    private mutating func lexPunctuation() -> Bool {
        let start = position
        for length in [2, 1] where position + length <= scalars.count {
            let candidate = String(String.UnicodeScalarView(scalars[position..<position + length]))
            if let punctuation = Punctuation(rawValue: candidate) {
                position += length
                tokens.append(Token(kind: .punctuation(punctuation), range: range(from: start)))
                return true
            }
        }
        return false
    }

    private mutating func lexInvalid() {
        let start = position
        let scalar = scalars[position]
        position += 1
        switch scalar {
        case "=":
            reportInvalidToken("'=' is not an operator; use '==' to compare", from: start)
        case "&":
            reportInvalidToken("unexpected '&'; use '&&' for 'and'", from: start)
        case "|":
            reportInvalidToken("unexpected '|'; use '||' for 'or'", from: start)
        default:
            // One message for a run of stray characters, not one per character.
            _ = take { !Self.startsToken($0) }
            reportInvalidToken(
                "unexpected character\(position - start > 1 ? "s" : "") '\(text(from: start))'", from: start)
        }
    }

    private static func startsToken(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || isIdentifierStart(scalar) || LiteralText.isDigit(scalar)
            || scalar == "'" || scalar == "\"" || scalar == "=" || scalar == "&" || scalar == "|"
            || Punctuation(rawValue: String(scalar)) != nil
    }

    // MARK: - Helpers

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private mutating func take(maxLength: Int = .max, while predicate: (Unicode.Scalar) -> Bool) -> String {
        var result = String.UnicodeScalarView()
        var count = 0
        while count < maxLength, let scalar = peek(), predicate(scalar) {
            result.append(scalar)
            position += 1
            count += 1
        }
        return String(result)
    }

    private func range(from start: Int) -> ExpressionRange {
        ExpressionRange(start: start, end: position)
    }

    /// The text from `start` to here, shortened for a message.
    private func text(from start: Int) -> String {
        Self.excerpt(scalars[start..<position])
    }

    static func excerpt(_ text: ArraySlice<Unicode.Scalar>, limit: Int = 32) -> String {
        let shown = String(String.UnicodeScalarView(text.prefix(limit)))
        return text.count > limit ? shown + "…" : shown
    }

    /// Records a syntax error for the text from `start` to here.
    private mutating func report(_ message: String, from start: Int) {
        errors.append(ExpressionError(kind: .syntax, message: message, range: range(from: start)))
    }

    /// Records a syntax error and an invalid token in place of the text, so the parser stops
    /// quietly when it gets there instead of reporting the same problem again.
    private mutating func reportInvalidToken(_ message: String, from start: Int) {
        report(message, from: start)
        tokens.append(Token(kind: .invalid, range: range(from: start)))
    }
}
