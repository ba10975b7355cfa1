import Testing

@testable import FlowExpression

/// The typing rules of docs/expressions.md, operator by operator: what is accepted (and the
/// type it gives) and what is refused (with the message and where it points).
@Suite("Typing rules")
struct TypingTests {
    static let acceptedExamples: [(String, ExpressionType)] = [
        // Numbers: int widens to decimal, never the other way.
        ("retries + 1", .int), ("retries / 2", .int), ("retries % 2", .int), ("amount + 1", .decimal),
        ("retries * 1.5", .decimal), ("-retries", .int), ("-amount", .decimal),
        ("amount > 0", .bool), ("retries > 0.5", .bool), ("amount == 100", .bool), ("retries != 2.0", .bool),
        // Strings: concatenation and code-point order.
        ("input + 'x'", .string), ("input < 'b'", .bool), ("input >= msisdn", .bool),
        // Booleans.
        ("!verified", .bool), ("verified && retries > 1", .bool), ("verified || !verified", .bool),
        ("verified == false", .bool),
        // Conditionals: one type for both branches, with widening.
        ("verified ? 1 : 2", .int), ("verified ? 1 : 2.5", .decimal), ("verified ? [] : ['a']", .list(.string)),
        // Lists: homogeneous, ints widen, empty lists take the type of their context.
        ("[1, 2]", .list(.int)), ("[1, 2.5]", .list(.decimal)), ("[[], [1]]", .list(.list(.int))),
        ("brands + ['x']", .list(.string)), ("counts + prices", .list(.decimal)), ("brands + []", .list(.string)),
        ("[] + brands", .list(.string)), ("counts == [1.0]", .bool), ("[] == brands", .bool), ("size([])", .int),
        ("counts[0]", .int), ("bill.items[0] + 1", .int),
        // Membership: T in list(T), ints widening on either side.
        ("input in brands", .bool), ("input in []", .bool), ("retries in [1, 2.5]", .bool), ("amount in [1, 2]", .bool),
        ("[] in [[1]]", .bool),
        // Records.
        ("bill.total", .decimal), ("session.channel == 'ivr'", .bool), ("bill == bill", .bool),
    ]

    @Test("accepted, with the type it gives", arguments: acceptedExamples)
    func accepted(text: String, type: ExpressionType) throws {
        #expect(try compiled(text).type == type)
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        let text: String
        let message: String
        let range: ExpressionRange
        var testDescription: String { text }
    }

    static let refusedExamples: [Refusal] = [
        Refusal(text: "input < 1", message: "operator '<' cannot compare string with int", range: at(6, 7)),
        Refusal(text: "input == 1", message: "operator '==' cannot compare string with int", range: at(6, 8)),
        Refusal(
            text: "brands != counts", message: "operator '!=' cannot compare list(string) with list(int)",
            range: at(7, 9)),
        Refusal(
            text: "bill == session", message: "operator '==' cannot compare record(bill) with record(session)",
            range: at(5, 7)),
        Refusal(
            text: "verified < true",
            message: "operator '<' cannot order bool values: only numbers and strings have an order",
            range: at(9, 10)),
        Refusal(
            text: "counts <= counts",
            message: "operator '<=' cannot order list(int) values: only numbers and strings have an order",
            range: at(7, 9)),
        Refusal(
            text: "retries && verified", message: "operator '&&' needs bool operands, but the left operand is int",
            range: at(0, 7)),
        Refusal(
            text: "verified || 'x'", message: "operator '||' needs bool operands, but the right operand is string",
            range: at(12, 15)),
        Refusal(text: "!retries", message: "operator '!' needs a bool operand, not int", range: at(1, 8)),
        Refusal(text: "-input", message: "operator '-' needs a number, not string", range: at(1, 6)),
        Refusal(text: "retries ? 1 : 2", message: "the condition of '?:' must be bool, not int", range: at(0, 7)),
        Refusal(
            text: "verified ? 1 : 'a'",
            message: "the branches of '?:' must have one type, but one is int and the other string",
            range: at(0, 18)),
        Refusal(
            text: "[1, 'a']", message: "list elements must all have one type, but this one is string and another int",
            range: at(4, 7)),
        Refusal(
            text: "[[], 1]", message: "list elements must all have one type, but this one is list(int) and another int",
            range: at(1, 3)),
        Refusal(
            text: "input in 'abc'",
            message: "operator 'in' needs a list on its right, not string; to search text, use s.contains(x)",
            range: at(9, 14)),
        Refusal(
            text: "retries in brands", message: "operator 'in' cannot look for int in list(string)", range: at(8, 10)),
        Refusal(text: "amount % 2", message: "operator '%' needs int operands, not decimal and int", range: at(7, 8)),
        Refusal(text: "input - 'a'", message: "operator '-' cannot be applied to string and string", range: at(6, 7)),
        Refusal(text: "input + 1", message: "operator '+' cannot be applied to string and int", range: at(6, 7)),
        Refusal(
            text: "brands + counts", message: "operator '+' cannot be applied to list(string) and list(int)",
            range: at(7, 8)),
        Refusal(text: "counts * 2", message: "operator '*' cannot be applied to list(int) and int", range: at(7, 8)),
        Refusal(
            text: "verified + verified", message: "operator '+' cannot be applied to bool and bool", range: at(9, 10)),
        Refusal(text: "counts[0.5]", message: "a list index must be int, not decimal", range: at(7, 10)),
        Refusal(text: "input[0]", message: "cannot index string: only lists can be indexed", range: at(0, 5)),
        Refusal(
            text: "retries.total", message: "cannot read field 'total' of int: only records have fields",
            range: at(8, 13)),
        Refusal(
            text: "input.size",
            message: "cannot read field 'size' of string: only records have fields; to call the method, write 'size()'",
            range: at(6, 10)),
    ]

    @Test("refused, with a message naming the types and the exact range", arguments: refusedExamples)
    func refused(_ example: Refusal) throws {
        let error = try problem(example.text)
        #expect(error.kind == .typeMismatch)
        #expect(error.message == example.message)
        #expect(error.range == example.range)
    }

    @Test("the expected type is checked on the whole expression")
    func expectedType() throws {
        let error = try problem("retries", expecting: .bool)
        #expect(error.kind == .typeMismatch)
        #expect(error.message == "this expression is int, but bool is expected here")
        #expect(error.range == at(0, 7))
        #expect(try problem("1.5", expecting: .int).message == "this expression is decimal, but int is expected here")
    }

    @Test("an int stored where a decimal is expected becomes a decimal")
    func expectedTypeWidens() throws {
        let expression = try compiled("retries + 1", expecting: .decimal)
        #expect(expression.type == .decimal)
        #expect(try expression.evaluate(in: Fixture.environment) == .decimal(3))
        let list = try compiled("counts", expecting: .list(.decimal))
        #expect(try list.evaluate(in: Fixture.environment) == .list([.decimal(1), .decimal(2), .decimal(3)]))
    }

    @Test("an empty list takes the expected type")
    func emptyListTakesExpectedType() throws {
        #expect(try compiled("[]", expecting: .list(.string)).type == .list(.string))
        #expect(try compiled("verified ? [] : []", expecting: .list(.decimal)).type == .list(.decimal))
    }

    @Test("problems in both operands are all reported")
    func severalTypeErrors() {
        let found = problems("retries && 1")
        #expect(found.map(\.range) == [at(0, 7), at(11, 12)])
        #expect(found.map(\.kind) == [.typeMismatch, .typeMismatch])
    }

    @Test("a sub-expression that failed does not cause follow-on errors")
    func noCascade() {
        // Only the undeclared name: the comparison and the '&&' above it stay silent.
        let found = problems("amout > 1 && verified")
        #expect(found.count == 1)
        #expect(found.first?.kind == .undeclaredName)
    }

    @Test("ints widen to decimals, never decimals to ints")
    func assignability() {
        #expect(ExpressionType.decimal.isAssignable(from: .int))
        #expect(!ExpressionType.int.isAssignable(from: .decimal))
        #expect(ExpressionType.list(.decimal).isAssignable(from: .list(.int)))
        #expect(ExpressionType.list(.list(.decimal)).isAssignable(from: .list(.list(.int))))
        #expect(!ExpressionType.list(.int).isAssignable(from: .list(.decimal)))
        #expect(!ExpressionType.string.isAssignable(from: .int))
        #expect(ExpressionType.record(Fixture.bill).isAssignable(from: .record(Fixture.bill)))
        #expect(!ExpressionType.record(Fixture.bill).isAssignable(from: .record(Fixture.session)))
    }

    @Test("types print as in messages")
    func typeDescriptions() {
        #expect(ExpressionType.list(.list(.decimal)).description == "list(list(decimal))")
        #expect(ExpressionType.record(Fixture.bill).description == "record(bill)")
    }
}
