import PropertyBased
import Testing

@testable import FlowExpression

/// Property: any well-typed tree, printed canonically, parses back to the same tree and
/// checks to an equal expression, whose own canonical form is the same text.
@Suite("Property: printing round trip")
struct RoundTripPropertyTests {
    static let trees = Gen<(Syntax, ExpressionType)>.seeded { random in
        let type = random.pick([ExpressionType.bool, .int, .decimal, .string, .list(.int), .list(.string)])
        var generator = SyntaxGenerator(random: random)
        let tree = generator.expression(type, depth: Int.random(in: 1...7, using: &random))
        return (tree, type)
    }

    @Test("description re-parses and re-checks to an equal CheckedExpression")
    func roundTrip() async {
        await propertyCheck(count: 1_000, input: Self.trees) { tree, type in
            let text = tree.canonicalText
            guard case .success(let first) = CheckedExpression.compile(text, in: Fixture.scope, expecting: type) else {
                Issue.record("generated text did not compile: \(text)\n\(problems(text, expecting: type))")
                return
            }
            #expect(first.description == text)
            #expect(Self.parse(text)?.withoutRanges == tree.withoutRanges, "\(text)")
            let second = CheckedExpression.compile(first.description, in: Fixture.scope, expecting: type)
            #expect(second == .success(first), "\(text)")
            // Equal trees also behave alike.
            let results = [first, (try? second.get()) ?? first].map { expression in
                Result(catching: { () throws(EvaluationError) in try expression.evaluate(in: Fixture.environment) })
            }
            #expect(results[0] == results[1])
        }
    }

    static func parse(_ text: String) -> Syntax? {
        let scalars = Array(text.unicodeScalars)
        var parser = Parser(tokens: Lexer(scalars).tokens, scalars: scalars)
        return try? parser.parse()
    }
}
