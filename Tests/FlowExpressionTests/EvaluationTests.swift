import FoundationEssentials
import Testing

@testable import FlowExpression

/// Evaluation of every operator, with the fixture's values (input '1', amount 250.00,
/// retries 2, not verified, counts [1, 2, 3], bill.total 120.50).
@Suite("Evaluation")
struct EvaluationTests {
    static let results: [(String, Value)] = [
        // Integer arithmetic: truncating division, remainder with the dividend's sign.
        ("1 + 2 * 3", .int(7)), ("(1 + 2) * 3", .int(9)), ("2 - 3 - 4", .int(-5)), ("7 / 2", .int(3)),
        ("-7 / 2", .int(-3)), ("7 % 3", .int(1)), ("-7 % 3", .int(-1)), ("retries + 1", .int(3)),
        ("-retries", .int(-2)),
        ("--7", .int(7)), ("-(7)", .int(-7)),
        // Decimal arithmetic is exact.
        ("7.0 / 2", .decimal(Fixture.decimal("3.5"))), ("amount * 2", .decimal(500)),
        ("amount * 1.06", .decimal(Fixture.decimal("265"))), ("0.1 + 0.2", .decimal(Fixture.decimal("0.3"))),
        ("1.25 - 3", .decimal(Fixture.decimal("-1.75"))), ("-amount", .decimal(-250)),
        // Strings and lists.
        ("input + '2'", .string("12")), ("[1] + [2]", .list([.int(1), .int(2)])), ("counts[1]", .int(2)),
        ("counts + [1.5]", .list([.decimal(1), .decimal(2), .decimal(3), .decimal(Fixture.decimal("1.5"))])),
        ("bill.total", .decimal(Fixture.decimal("120.5"))), ("bill.items[1]", .int(2)),
        ("[retries, 3]", .list([.int(2), .int(3)])),
        // Logic and conditionals.
        ("!verified", .bool(true)), ("verified ? 'y' : 'n'", .string("n")),
        ("verified ? 1 : 2.5", .decimal(Fixture.decimal("2.5"))),
        ("verified ? 1 : 2", .int(2)), ("true ? false ? 1 : 2 : 3", .int(2)),
    ]

    @Test("each operator gives the expected value", arguments: results)
    func evaluates(text: String, expected: Value) throws {
        #expect(try value(text) == expected)
    }

    static let truths: [(String, Bool)] = [
        ("0.1 + 0.2 == 0.3", true), ("1.50 == 1.5", true), ("retries == 2.0", true), ("amount == 250", true),
        ("amount != 250", false), ("[1, 2] == [1.0, 2.0]", true), ("bill == bill", true), ("input == '1'", true),
        ("amount > 100", true), ("amount >= 250", true), ("amount < 250.01", true), ("retries <= 1", false),
        ("-0.5 < 0", true), ("-2.5 < -2.25", true), ("100000000000000000000.0 > 99999999999999999999.5", true),
        // Strings order by code point: uppercase before lowercase, accents after ASCII.
        ("'B' < 'a'", true), ("'abc' < 'abd'", true), ("'ab' < 'abc'", true), ("'é' > 'z'", true), ("'a' >= 'a'", true),
        ("input in ['1', '2']", true), ("'3' in brands", false), ("2 in [1.5, 2.0]", true),
        ("amount in [250, 300]", true),
        ("input in []", false), ("[1] in [[1], [2]]", true),
        ("verified || retries == 2", true), ("verified && retries == 2", false),
    ]

    @Test("comparisons, equality and membership", arguments: truths)
    func compares(text: String, expected: Bool) throws {
        #expect(try value(text) == .bool(expected))
    }

    @Test(
        "'&&', '||' and '?:' do not evaluate what they skip",
        arguments: [
            ("false && 1 / 0 == 1", Value.bool(false)), ("true || 1 / 0 == 1", .bool(true)),
            ("verified ? 1 / 0 : 5", .int(5)), ("true ? 5 : 1 / 0", .int(5)),
            ("verified && counts[9] == 1", .bool(false)),
        ])
    func shortCircuits(text: String, expected: Value) throws {
        #expect(try value(text) == expected)
    }

    struct Failure: CustomTestStringConvertible, Sendable {
        let text: String
        let message: String
        let range: ExpressionRange
        var testDescription: String { text }
    }

    static let failures: [Failure] = [
        Failure(text: "1 / 0", message: "division by zero", range: at(0, 5)),
        Failure(text: "retries + 1 / 0", message: "division by zero", range: at(10, 15)),
        Failure(text: "retries % 0", message: "remainder of a division by zero", range: at(0, 11)),
        Failure(text: "amount / 0", message: "division by zero", range: at(0, 10)),
        Failure(text: "9223372036854775807 + 1", message: "int overflow in 9223372036854775807 + 1", range: at(0, 23)),
        Failure(
            text: "-9223372036854775808 - 1", message: "int overflow in -9223372036854775808 - 1", range: at(0, 24)),
        Failure(text: "4611686018427387904 * 2", message: "int overflow in 4611686018427387904 * 2", range: at(0, 23)),
        Failure(
            text: "-9223372036854775808 / -1", message: "int overflow in -9223372036854775808 / -1", range: at(0, 25)),
        Failure(
            text: "-9223372036854775808 % -1", message: "int overflow in -9223372036854775808 % -1", range: at(0, 25)),
        Failure(text: "--9223372036854775808", message: "int overflow in '-'", range: at(0, 21)),
        Failure(text: "counts[3]", message: "index 3 is out of range for a list of 3 elements", range: at(0, 9)),
        Failure(text: "counts[-1]", message: "index -1 is out of range for a list of 3 elements", range: at(0, 10)),
        Failure(text: "[][0] == 1", message: "index 0 is out of range for a list of 0 elements", range: at(0, 5)),
    ]

    @Test("run-time failures name the problem and point at the sub-expression", arguments: failures)
    func fails(_ example: Failure) throws {
        let error = try evaluationError(example.text)
        #expect(error.message == example.message)
        #expect(error.range == example.range)
    }

    @Test("a decimal beyond Decimal's range is an evaluation error, not a crash or NaN")
    func decimalOverflow() throws {
        let huge = "9999999999999999999999999999999999999.0"  // 38 digits, the most a literal holds
        let error = try evaluationError(Array(repeating: huge, count: 5).joined(separator: " * "))
        #expect(error.message == "decimal overflow in '*'")
    }

    @Test("size() counts characters, so Chinese text and emoji count as people read them")
    func unicodeStrings() throws {
        #expect(try value("'话费'.size() == 2") == .bool(true))
        #expect(try value("size('👨‍👩‍👧')") == .int(1))
        #expect(try value("'e\\u0301'.size()") == .int(1))
        #expect(try value("'话费' + '查询'") == .string("话费查询"))
        #expect(try value("'话费查询'.startsWith('话费')") == .bool(true))
    }

    @Test("has() reads whether a variable was set, and for a field whether its record was")
    func hasReadsSetMask() throws {
        var environment = Fixture.environment
        #expect(try value("has(retries)", in: environment) == .bool(true))
        environment.unset(2)
        environment.unset(8)
        #expect(try value("has(retries)", in: environment) == .bool(false))
        #expect(try value("has(bill.total) ? bill.total > 0 : false", in: environment) == .bool(false))
    }

    @Test("an environment holding the wrong kind of value gives an evaluation error")
    func wrongKindInEnvironment() throws {
        var environment = Fixture.environment
        environment[2] = .string("two")
        let error = try evaluationError("retries + 1 > 0", in: environment)
        #expect(error.message == "a variable holds a value of the wrong kind: expected int")
        #expect(error.range == at(0, 15))
        // A slot the environment does not have at all.
        #expect(throws: EvaluationError.self) { try compiled("retries > 0").evaluate(in: SlotEnvironment(values: [])) }
    }

    @Test("a record missing fields gives an evaluation error")
    func shortRecord() throws {
        var environment = Fixture.environment
        environment[8] = .record([])
        #expect(
            try evaluationError("bill.due == ''", in: environment).message
                == "the record holds 0 fields; field 2 is missing")
    }
}
