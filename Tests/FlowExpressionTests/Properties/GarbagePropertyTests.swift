import PropertyBased
import Testing

@testable import FlowExpression

/// Property: no text crashes the compiler. It either compiles (and then evaluates without
/// crashing) or reports at least one error, every one within the text.
@Suite("Property: garbage in, errors out")
struct GarbagePropertyTests {
    /// Pieces that exercise every path of the lexer and parser, plus arbitrary scalars.
    static let pieces = [
        "(", ")", "[", "]", ",", ".", "?", ":", "!", "!=", "==", "=", "<", "<=", ">", ">=", "&&", "&", "||", "|",
        "+", "-", "*", "/", "%", " ", "'", "\"", "\\", "\\u", "\\n", "0", "7", "9223372036854775808", "1.5", "in",
        "true",
        "input", "amount", "retries", "verified", "brands", "bill", ".total", "size(", "has(", ".matches('", "话", "👍🏽",
        "\n",
    ]

    static let garbage = Gen<String>.seeded { random in
        (0..<Int.random(in: 0...40, using: &random)).map { _ in
            if random.chance(10) {
                let scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &random)) ?? "?"
                return String(Character(scalar))
            }
            return random.pick(pieces)
        }.joined()
    }

    /// Valid expressions with a few characters inserted, deleted or swapped.
    static let mutated = Gen<String>.seeded { random in
        var generator = SyntaxGenerator(random: random)
        var scalars = Array(generator.expression(.bool, depth: 5).canonicalText.unicodeScalars)
        random = generator.random
        for _ in 0..<Int.random(in: 1...3, using: &random) where !scalars.isEmpty {
            let index = Int.random(in: 0..<scalars.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: scalars.remove(at: index)
            case 1: scalars.insert(random.pick(Array("()[]'\"\\.,!-<=&|?:#".unicodeScalars)), at: index)
            default: scalars.swapAt(index, Int.random(in: 0..<scalars.count, using: &random))
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    @Test("random text never crashes and errors point inside the text")
    func garbage() async {
        await propertyCheck(count: 2_000, input: Self.garbage) { text in
            Self.expectWellBehaved(text)
        }
    }

    @Test("damaged valid expressions never crash and errors point inside the text")
    func mutated() async {
        await propertyCheck(count: 2_000, input: Self.mutated) { text in
            Self.expectWellBehaved(text)
        }
    }

    static func expectWellBehaved(_ text: String) {
        let length = text.unicodeScalars.count
        switch CheckedExpression.compile(text, in: Fixture.scope, expecting: nil) {
        case .success(let expression):
            // Run-time errors are fine; crashes are not.
            _ = try? expression.evaluate(in: Fixture.environment)
            _ = try? expression.evaluate(in: SlotEnvironment(values: []))
        case .failure(let problems):
            #expect(!problems.errors.isEmpty)
            for error in problems.errors {
                #expect(
                    0 <= error.range.start && error.range.start <= error.range.end && error.range.end <= length,
                    "\(text): \(error)")
                #expect(!error.message.isEmpty)
            }
        }
    }
}
