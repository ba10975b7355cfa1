import Testing

@testable import FlowExpression

/// Parse errors: a clear message at the exact span (Unicode-scalar offsets) of the bad token.
@Suite("Syntax errors")
struct SyntaxErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let text: String
        let message: String
        let range: ExpressionRange
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        Case(text: "", message: "the expression is empty", range: at(0, 0)),
        Case(text: "   ", message: "the expression is empty", range: at(3, 3)),
        Case(text: "amount >", message: "expected an expression after '>'", range: at(8, 8)),
        Case(text: "1 +* 2", message: "expected an expression, found '*'", range: at(3, 4)),
        Case(text: ") + 1", message: "expected an expression, found ')'", range: at(0, 1)),
        Case(text: "(amount > 1", message: "'(' is never closed: missing ')'", range: at(0, 1)),
        Case(text: "(amount > 1 1)", message: "expected ')' after the expression, found '1'", range: at(12, 13)),
        Case(text: "amount > 1)", message: "unbalanced ')': nothing to close", range: at(10, 11)),
        Case(text: "[1, 2", message: "'[' is never closed: missing ']'", range: at(0, 1)),
        Case(text: "[1 2]", message: "expected ',' or ']' after a list element, found '2'", range: at(3, 4)),
        Case(
            text: "size(input input)", message: "expected ',' or ')' after an argument, found 'input'",
            range: at(11, 16)),
        Case(text: "counts[0", message: "'[' is never closed: missing ']'", range: at(6, 7)),
        Case(
            text: "amount retries",
            message: "unexpected 'retries' after a complete expression; expected an operator or the end",
            range: at(7, 14)),
        Case(text: "input.(", message: "expected a field or method name after '.', found '('", range: at(6, 7)),
        Case(
            text: "(input)(1)", message: "only functions and methods can be called; this value is not one",
            range: at(7, 8)),
        Case(
            text: "verified ? 1", message: "expected ':' of the conditional '?', found the end of the expression",
            range: at(12, 12)),
        Case(text: "'abc", message: "unterminated string: missing the closing '", range: at(0, 4)),
        Case(text: "input == \"abc", message: "unterminated string: missing the closing \"", range: at(9, 13)),
        Case(text: "size('abc", message: "unterminated string: missing the closing '", range: at(5, 9)),
        Case(
            text: "'a\\q'", message: "invalid escape '\\q' in a string; the escapes are \\\\ \\' \\\" \\n \\t \\uXXXX",
            range: at(2, 4)),
        Case(text: "'\\u12'", message: "invalid escape '\\u12': \\u needs four hexadecimal digits", range: at(1, 5)),
        Case(text: "'\\uD800'", message: "invalid escape '\\uD800': not a Unicode scalar", range: at(1, 7)),
        Case(text: "retries = 1", message: "'=' is not an operator; use '==' to compare", range: at(8, 9)),
        Case(text: "verified & verified", message: "unexpected '&'; use '&&' for 'and'", range: at(9, 10)),
        Case(text: "verified | verified", message: "unexpected '|'; use '||' for 'or'", range: at(9, 10)),
        Case(text: "retries # 1", message: "unexpected character '#'", range: at(8, 9)),
        Case(text: "@@@", message: "unexpected characters '@@@'", range: at(0, 3)),
        Case(text: "12abc + 1", message: "invalid number '12abc'", range: at(0, 5)),
        Case(
            text: "99999999999999999999",
            message: "integer literal '99999999999999999999' does not fit in a 64-bit int", range: at(0, 20)),
        Case(
            text: "9223372036854775808", message: "integer literal '9223372036854775808' does not fit in a 64-bit int",
            range: at(0, 19)),
        Case(
            text: "-9223372036854775809",
            message: "integer literal '-9223372036854775809' does not fit in a 64-bit int",
            range: at(0, 20)),
        Case(
            text: "1.000000000000000000000000000000000000001",
            message: "decimal literal '1.000000000000000000000000000000…' has more than 38 digits", range: at(0, 41)),
    ]

    @Test("reports a clear message at the exact range", arguments: cases)
    func reportsMessageAndRange(_ example: Case) throws {
        let error = try problem(example.text)
        #expect(error.kind == .syntax)
        #expect(error.message == example.message)
        #expect(error.range == example.range)
    }

    @Test(
        "comparisons do not chain",
        arguments: [
            ("retries < 1 < 2", at(12, 13)), ("retries == 1 == true", at(13, 15)),
            ("input in brands in [true]", at(16, 18)),
        ])
    func comparisonsDoNotChain(text: String, range: ExpressionRange) throws {
        let error = try problem(text)
        #expect(error.kind == .syntax)
        #expect(error.message.hasPrefix("comparison operators do not chain"))
        #expect(error.range == range)
    }

    @Test("comparisons at different levels combine without parentheses")
    func comparisonsAtDifferentLevels() throws {
        #expect(try value("retries < 3 == amount > 100") == .bool(true))
        #expect(try value("(retries < 3) == true") == .bool(true))
    }

    @Test("ranges count Unicode scalars, so text after Chinese or emoji is located exactly")
    func unicodeRanges() throws {
        // '话费' is 4 scalars; the '+' is scalar 10.
        #expect(try problem("'话费' == 1 +").range == at(11, 11))
        // 👍🏽 is two scalars (thumb and skin tone) but one character.
        #expect(try problem("'👍🏽' == #").range == at(8, 9))
    }

    @Test("every bad escape in a string is reported, not only the first")
    func severalLexicalErrors() {
        let found = problems("'a\\q' + 'b\\u12' + '\\uD800'")
        #expect(found.map(\.range) == [at(2, 4), at(10, 14), at(19, 25)])
        #expect(found.allSatisfy { $0.kind == .syntax })
    }

    @Test("a bad escape does not hide an undeclared name elsewhere")
    func lexicalAndNameErrors() {
        let found = problems("'a\\q' == inptu")
        #expect(found.map(\.kind) == [.syntax, .undeclaredName])
        #expect(found.last?.suggestion == "input")
    }

    @Test("the lexer's invalid token is not reported a second time by the parser")
    func noDuplicateForInvalidToken() {
        #expect(problems("retries + #").count == 1)
        #expect(problems("(retries #)").count == 1)
    }

    @Test("the smallest int is written as a literal")
    func smallestInt() throws {
        #expect(try value("-9223372036854775808") == .int(.min))
    }

    @Test("a minus before a number followed by a member, index or call negates the whole postfix expression")
    func minusBeforePostfix() throws {
        let expression = try compiled("-'abc'.size()")
        #expect(try expression.evaluate(in: Fixture.environment) == .int(-3))
    }
}
