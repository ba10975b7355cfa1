import FoundationEssentials
import Testing

@testable import FlowExpression

/// The built-in functions and methods: their values, their typing, and their run-time errors.
@Suite("Functions and methods")
struct FunctionTests {
    static let results: [(String, Value)] = [
        ("size('abc')", .int(3)), ("size(brands)", .int(2)), ("brands.size()", .int(2)), ("input.size()", .int(1)),
        ("int('42')", .int(42)), ("int('-7')", .int(-7)), ("int(3.99)", .int(3)), ("int(-3.99)", .int(-3)),
        ("int(retries)", .int(2)),
        ("decimal('3.50')", .decimal(Fixture.decimal("3.5"))), ("decimal('-0.01')", .decimal(Fixture.decimal("-0.01"))),
        ("decimal(2)", .decimal(2)), ("decimal(amount)", .decimal(250)),
        ("string(true)", .string("true")), ("string(42)", .string("42")), ("string(2.50)", .string("2.5")),
        ("string(input)", .string("1")), ("string(amount)", .string("250")),
        ("min(1, 2)", .int(1)), ("max(retries, 5)", .int(5)), ("min(1, 2.5)", .decimal(1)),
        ("max(amount, 1)", .decimal(250)),
        ("abs(-3)", .int(3)), ("abs(-2.5)", .decimal(Fixture.decimal("2.5"))),
        ("'  Hi \\t'.trim()", .string("Hi")), ("' \\n '.trim()", .string("")), ("'ÉCOLE'.lower()", .string("école")),
        ("'straße'.upper()", .string("STRASSE")),
        ("msisdn.startsWith('139')", .bool(true)), ("msisdn.endsWith('78')", .bool(true)),
        ("msisdn.contains('1234')", .bool(true)),
        ("msisdn.contains('')", .bool(true)), ("msisdn.startsWith('2')", .bool(false)),
        // matches() searches: anchors make it match the whole text.
        ("msisdn.matches('^1[3-9][0-9]{9}$')", .bool(true)),
        ("'x13912345678'.matches('^1[3-9][0-9]{9}$')", .bool(false)),
        ("'abc123'.matches('[0-9]+')", .bool(true)), ("'话费'.matches('^.{2}$')", .bool(true)),
        ("msisdn.matches(pattern)", .bool(true)),
    ]

    @Test("each function gives the expected value", arguments: results)
    func evaluates(text: String, expected: Value) throws {
        #expect(try value(text) == expected)
    }

    static let typeErrorExamples: [(String, String, ExpressionRange)] = [
        ("size(1)", "size() needs a string or a list, not int", at(5, 6)),
        ("size(input, input)", "size() takes 1 argument, but 2 were given", at(0, 18)),
        ("min(1)", "min() takes 2 arguments, but 1 was given", at(0, 6)),
        ("input.lower(1)", "lower() takes no arguments, but 1 was given", at(0, 14)),
        ("input.startsWith()", "startsWith() takes 1 argument, but 0 were given", at(0, 18)),
        ("retries.lower()", "method 'lower()' applies to strings, not int", at(0, 7)),
        ("retries.size()", "size() applies to strings and lists, not int", at(0, 7)),
        ("input.startsWith(1)", "startsWith() needs a string argument, not int", at(17, 18)),
        ("int(true)", "int() needs a string, int or decimal, not bool", at(4, 8)),
        ("decimal(brands)", "decimal() needs a string, int or decimal, not list(string)", at(8, 14)),
        ("string(brands)", "string() needs a bool, int, decimal or string, not list(string)", at(7, 13)),
        ("min(1, 'a')", "min() needs numbers, not string", at(7, 10)),
        ("abs(input)", "abs() needs a number, not string", at(4, 9)),
        ("has(1)", "has() takes a variable or a field path, such as has(bill.total)", at(4, 5)),
        ("has(retries + 1)", "has() takes a variable or a field path, such as has(bill.total)", at(4, 15)),
        ("has(retries, input)", "has() takes 1 argument, but 2 were given", at(0, 19)),
    ]

    @Test("arity and argument types are checked", arguments: typeErrorExamples)
    func typeErrors(text: String, message: String, range: ExpressionRange) throws {
        let error = try problem(text)
        #expect(error.kind == .typeMismatch)
        #expect(error.message == message)
        #expect(error.range == range)
    }

    @Test("has() checks the path it is given")
    func hasChecksPath() throws {
        #expect(try problem("has(bill.totl)").suggestion == "total")
        #expect(try problem("has(amout)").suggestion == "amount")
        #expect(try problem("has(retries.x)").kind == .typeMismatch)
    }

    @Test(
        "conversions from text that is not a number fail at run time",
        arguments: [
            ("int('abc')", "int('abc'): not a whole number in the int range"),
            ("int(' 1')", "int(' 1'): not a whole number in the int range"),
            ("int('99999999999999999999')", "int('99999999999999999999'): not a whole number in the int range"),
            ("int(100000000000000000000.0)", "int(100000000000000000000.0): outside the int range"),
            ("decimal('1.2.3')", "decimal('1.2.3'): not a decimal number"),
            ("decimal('1e5')", "decimal('1e5'): not a decimal number"),
            ("decimal('12abc')", "decimal('12abc'): not a decimal number"),
            ("decimal('')", "decimal(''): not a decimal number"),
            ("abs(-9223372036854775808)", "int overflow in abs(-9223372036854775808)"),
        ])
    func conversionFailures(text: String, message: String) throws {
        #expect(try evaluationError(text).message == message)
    }

    @Test("a literal pattern that is not a regular expression is reported when the expression is loaded")
    func invalidLiteralPattern() throws {
        let error = try problem("msisdn.matches('(ab')")
        #expect(error.kind == .invalidRegex)
        #expect(error.message.hasPrefix("invalid regular expression: "))
        #expect(error.range == at(15, 20))
    }

    @Test(
        "a repetition inside a repeated group is refused: it can take exponential time on a short input",
        arguments: ["(a+)+$", "(a*)*", "(\\\\w+\\\\s?)+$", "((ab)*c)+", "(x{2,})+"])
    func nestedRepetitionRefused(pattern: String) throws {
        let error = try problem("input.matches('\(pattern)')")
        #expect(error.kind == .invalidRegex)
        #expect(error.message.contains("exponential time"))
    }

    @Test(
        "bounded repeats, classes and escaped parentheses are not mistaken for nested repetition",
        arguments: [
            "(\\\\d{3}-)+", "^1[3-9][0-9]{9}$", "[(]+", "\\\\(a+\\\\)+", "(?:a|b)+", "([a-z]+[.])?x", "[[a-z]&&[^q]]+",
        ])
    func safePatternsAccepted(pattern: String) throws {
        #expect(try compiled("input.matches('\(pattern)')").type == .bool)
    }

    @Test("a risky pattern read from a variable fails at run time instead of stalling")
    func nestedRepetitionAtRunTime() throws {
        var environment = Fixture.environment
        environment[10] = .string("(a+)+$")
        environment[4] = .string(String(repeating: "a", count: 40) + "!")
        #expect(try evaluationError("msisdn.matches(pattern)", in: environment).message.contains("exponential time"))
    }

    @Test("a pattern read from a variable that is not a regular expression fails at run time")
    func invalidDynamicPattern() throws {
        var environment = Fixture.environment
        environment[10] = .string("(ab")
        let error = try evaluationError("msisdn.matches(pattern)", in: environment)
        #expect(error.message.hasPrefix("invalid regular expression '(ab': "))
        #expect(error.range == at(0, 23))
    }

    @Test("patterns read from variables are compiled once per text and shared safely")
    func dynamicPatternCache() async throws {
        let expression = try compiled("msisdn.matches(pattern)")
        let texts = ["^1[0-9]+$", "^2", "78$", "^1[0-9]+$"]
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<400 {
                group.addTask {
                    var environment = Fixture.environment
                    environment[10] = .string(texts[index % texts.count])
                    return (try? expression.evaluate(in: environment)) == .bool(index % texts.count != 1)
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 })
    }

    @Test("a literal pattern is compiled into the expression and matched concurrently")
    func literalPatternConcurrently() async throws {
        let expression = try compiled("msisdn.matches('^1[3-9][0-9]{9}$')")
        let matches = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 {
                group.addTask { (try? expression.evaluate(in: Fixture.environment)) == .bool(true) }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(matches)
    }

    @Test("two expressions with the same pattern are equal")
    func patternEquality() throws {
        #expect(try compiled("input.matches('^1')") == compiled("input.matches('^1')"))
        #expect(try compiled("input.matches('^1')") != compiled("input.matches('^2')"))
    }
}
