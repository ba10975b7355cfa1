import FoundationEssentials
import PropertyBased
import Testing

@testable import FlowExpression

/// Property: the integer fast path for decimals agrees with Foundation to the last digit.
@Suite("Property: decimal fast path")
struct DecimalPartsPropertyTests {
    static let decimals = Gen<(Decimal, Decimal)>.seeded { random in
        (Self.decimal(&random), Self.decimal(&random))
    }

    static func decimal(_ random: inout SeededRandom) -> Decimal {
        let digits = Int.random(in: 1...(random.chance(10) ? 30 : 12), using: &random)
        let text = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
        let point = Int.random(in: 0...digits, using: &random)
        let literal = point == digits ? text : String(text.prefix(point)).ifEmpty("0") + "." + text.dropFirst(point)
        let value = Fixture.decimal(literal)
        return random.chance(40) ? -value : value
    }

    @Test("the stored layout was recognised, so the fast path is in use")
    func layoutRecognised() {
        #expect(DecimalParts.layout != nil)
        #expect(DecimalParts(Fixture.decimal("-123.45")) == DecimalParts(Fixture.decimal("-123.450")))
    }

    @Test("comparison agrees with Foundation")
    func comparison() async {
        await propertyCheck(count: 2_000, input: Self.decimals) { a, b in
            let expected = a < b ? -1 : (a == b ? 0 : 1)
            #expect(DecimalParts.compare(a, b) == expected, "\(a) vs \(b)")
            #expect(DecimalParts.compare(a, a) == 0)
        }
    }

    @Test("+, - and * agree with Foundation in value and in text")
    func arithmetic() async {
        await propertyCheck(count: 2_000, input: Self.decimals) { a, b in
            for (op, foundation) in [(Arithmetic.add, a + b), (.subtract, a - b), (.multiply, a * b)] {
                guard let fast = DecimalParts.combine(op, a, b) else { continue }
                #expect(fast == foundation, "\(a) \(op.rawValue) \(b)")
                #expect(fast.description == foundation.description, "\(a) \(op.rawValue) \(b)")
            }
        }
    }
}

extension String {
    fileprivate func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
