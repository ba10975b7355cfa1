import FoundationEssentials
import PropertyBased
import Testing

@testable import FlowExpression

/// Property: integer arithmetic evaluates as Swift computes it, and where Swift reports
/// overflow or a division by zero, evaluation reports an error instead.
@Suite("Property: integer arithmetic")
struct ArithmeticPropertyTests {
    /// Trees of + - * / % and unary minus over int literals and `retries` (2).
    static let arithmetic = Gen<Syntax>.seeded { random in
        var generator = SyntaxGenerator(random: random)
        return generator.arithmetic(depth: Int.random(in: 1...6, using: &random))
    }

    @Test("evaluation equals a reference computation in Swift")
    func matchesReference() async {
        await propertyCheck(count: 1_000, input: Self.arithmetic) { tree in
            let text = tree.canonicalText
            guard case .success(let expression) = CheckedExpression.compile(text, in: Fixture.scope, expecting: .int)
            else {
                Issue.record("did not compile: \(text)")
                return
            }
            let result = Result(catching: { () throws(EvaluationError) in
                try expression.evaluate(in: Fixture.environment)
            })
            switch (Self.reference(tree), result) {
            case (let expected?, .success(let value)):
                #expect(value == .int(expected), "\(text)")
            case (nil, .failure(let error)):
                #expect(error.message.contains("overflow") || error.message.contains("by zero"), "\(text): \(error)")
            case (let expected, let actual):
                Issue.record("\(text): reference \(String(describing: expected)), evaluation \(actual)")
            }
        }
    }

    /// The value of `tree` computed directly in Swift; nil on overflow or division by zero.
    static func reference(_ tree: Syntax) -> Int64? {
        switch tree.kind {
        case .literal(.int(let value)): return value
        case .name("retries"): return 2
        case .unary(.negate, let operand):
            guard let value = reference(operand) else { return nil }
            let (result, overflow) = Int64(0).subtractingReportingOverflow(value)
            return overflow ? nil : result
        case .binary(let op, let left, let right, _):
            guard let a = reference(left), let b = reference(right) else { return nil }
            let (result, overflow): (Int64, Bool)
            switch op {
            case .add: (result, overflow) = a.addingReportingOverflow(b)
            case .subtract: (result, overflow) = a.subtractingReportingOverflow(b)
            case .multiply: (result, overflow) = a.multipliedReportingOverflow(by: b)
            case .divide:
                guard b != 0 else { return nil }
                (result, overflow) = a.dividedReportingOverflow(by: b)
            case .remainder:
                guard b != 0 else { return nil }
                (result, overflow) = a.remainderReportingOverflow(dividingBy: b)
            default: return nil
            }
            return overflow ? nil : result
        default:
            return nil
        }
    }
}

extension SyntaxGenerator {
    /// An integer arithmetic tree; literals are mostly small, sometimes near the limits.
    mutating func arithmetic(depth: Int) -> Syntax {
        if depth <= 1 || random.chance(20) {
            if random.chance(15) { return name("retries") }
            let value: Int64 =
                switch Int.random(in: 0..<10, using: &random) {
                case 0: random.pick([.min, .max, 0, -1, 1])
                case 1: Int64.random(in: .min ... .max, using: &random)
                case 2: Int64.random(in: -4_000_000_000...4_000_000_000, using: &random)
                default: Int64.random(in: -20...20, using: &random)
                }
            return node(.literal(.int(value)))
        }
        if random.chance(15) {
            return node(.unary(.negate, arithmetic(depth: depth - 1)))
        }
        let op = random.pick([BinaryOperator.add, .subtract, .multiply, .divide, .remainder])
        return binary(op, arithmetic(depth: depth - 1), arithmetic(depth: depth - 1))
    }
}
