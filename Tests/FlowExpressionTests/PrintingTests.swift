import Testing

@testable import FlowExpression

/// `description`: the canonical form of an expression, which compiles back to the same tree.
@Suite("Canonical printing")
struct PrintingTests {
    static let examples: [(String, String)] = [
        ("retries+1*2", "retries + 1 * 2"),
        ("(retries+1)*2", "(retries + 1) * 2"),
        ("retries-(1-2)", "retries - (1 - 2)"),
        ("(retries-1)-2", "retries - 1 - 2"),
        ("((verified))", "verified"),
        ("!(verified)", "!verified"),
        ("!(retries > 1)", "!(retries > 1)"),
        ("(retries < 1) == (retries > 2)", "retries < 1 == retries > 2"),
        ("(retries == 1) == verified", "(retries == 1) == verified"),
        ("retries < (1 + 2)", "retries < 1 + 2"),
        ("- 7", "-7"),
        ("-(7)", "-(7)"),
        ("- -7", "--7"),
        ("-(-(7))", "--(7)"),
        ("retries - -1", "retries - -1"),
        ("(-7) * retries", "-7 * retries"),
        ("-('abc'.size())", "-'abc'.size()"),
        ("100.0", "100.0"),
        ("1.50", "1.5"),
        ("\"it's\"", "'it\\'s'"),
        ("'tab\\there'", "'tab\\there'"),
        ("'\\u0001\\u00e9'", "'\\u0001é'"),
        ("[ 1 ,2 ]", "[1, 2]"),
        ("size ( input )", "size(input)"),
        ("input . lower ( )", "input.lower()"),
        ("(input + 'a').size()", "(input + 'a').size()"),
        ("verified ? 1 : verified ? 2 : 3", "verified ? 1 : verified ? 2 : 3"),
        ("(verified ? verified : false) ? 1 : 2", "(verified ? verified : false) ? 1 : 2"),
        ("verified ? (verified ? 1 : 2) : 3", "verified ? verified ? 1 : 2 : 3"),
        ("(verified || verified) && verified", "(verified || verified) && verified"),
        ("verified || (verified && verified)", "verified || verified && verified"),
        ("has( bill.total )", "has(bill.total)"),
        ("bill . items [ 0 ]", "bill.items[0]"),
    ]

    @Test("prints with one space around operators and only the parentheses needed", arguments: examples)
    func canonicalForm(text: String, canonical: String) throws {
        let expression = try compiled(text)
        #expect(expression.description == canonical)
        #expect(expression.source == text)
    }

    @Test("the canonical form compiles to an equal expression", arguments: examples.map(\.0))
    func roundTrip(text: String) throws {
        let expression = try compiled(text)
        let again = try compiled(expression.description)
        #expect(again.description == expression.description)
        #expect(try again.evaluate(in: Fixture.environment) == expression.evaluate(in: Fixture.environment))
    }

    @Test("values print in literal syntax")
    func valueDescriptions() {
        #expect(Value.decimal(100).description == "100.0")
        #expect(Value.string("it's").description == "'it\\'s'")
        #expect(Value.list([.int(1), .bool(true)]).description == "[1, true]")
        #expect(Value.record([.string("a"), .decimal(Fixture.decimal("1.5"))]).description == "{'a', 1.5}")
    }
}
