import FoundationEssentials

@testable import FlowExpression

/// Builds random well-typed syntax trees over the fixture scope, the way the parser would
/// build them (numbers carry their own minus; ranges are all zero).
struct SyntaxGenerator {
    var random: SeededRandom

    static let zero = ExpressionRange(start: 0, end: 0)

    func node(_ kind: Syntax.Kind) -> Syntax { Syntax(kind, Self.zero) }
    func name(_ name: String) -> Syntax { node(.name(name)) }
    func binary(_ op: BinaryOperator, _ left: Syntax, _ right: Syntax) -> Syntax {
        node(.binary(op, left, right, operatorRange: Self.zero))
    }
    func call(_ function: String, _ arguments: [Syntax]) -> Syntax {
        node(.call(function: function, nameRange: Self.zero, arguments: arguments))
    }
    func method(_ receiver: Syntax, _ name: String, _ arguments: [Syntax] = []) -> Syntax {
        node(.method(receiver, name: name, nameRange: Self.zero, arguments: arguments))
    }
    func member(_ receiver: Syntax, _ field: String) -> Syntax {
        node(.member(receiver, field: field, fieldRange: Self.zero))
    }

    /// A tree of `type`, at most `depth` levels deep.
    mutating func expression(_ type: ExpressionType, depth: Int) -> Syntax {
        if depth <= 1 || random.chance(15) { return leaf(type) }
        let inner = depth - 1
        if random.chance(10) {
            return node(
                .conditional(
                    expression(.bool, depth: inner), then: expression(type, depth: inner),
                    else: expression(type, depth: inner)))
        }
        switch type {
        case .bool: return boolean(inner)
        case .int: return integer(inner)
        case .decimal: return decimal(inner)
        case .string: return string(inner)
        case .list(let element): return list(of: element, inner)
        case .record: return leaf(type)
        }
    }

    private mutating func leaf(_ type: ExpressionType) -> Syntax {
        switch type {
        case .bool:
            return random.chance(50) ? name("verified") : node(.literal(.bool(random.chance(50))))
        case .int:
            if random.chance(30) { return name("retries") }
            let value =
                random.chance(10)
                ? random.pick([Int64.min, Int64.max, 0]) : Int64.random(in: -1_000...1_000, using: &random)
            return node(.literal(.int(value)))
        case .decimal:
            if random.chance(20) { return name("amount") }
            if random.chance(10) { return member(name("bill"), "total") }
            return node(.literal(.decimal(randomDecimal())))
        case .string:
            if random.chance(30) { return name(random.pick(["input", "msisdn", "pattern"])) }
            return node(.literal(.string(randomText())))
        case .list(let element):
            switch element {
            case .string where random.chance(50): return name("brands")
            case .int where random.chance(50): return name("counts")
            case .decimal where random.chance(50): return name("prices")
            default: return node(.list((0..<Int.random(in: 1...3, using: &random)).map { _ in leaf(element) }))
            }
        case .record:
            return name("bill")
        }
    }

    private mutating func boolean(_ depth: Int) -> Syntax {
        switch Int.random(in: 0..<9, using: &random) {
        case 0:
            return binary(random.pick([.and, .or]), expression(.bool, depth: depth), expression(.bool, depth: depth))
        case 1: return node(.unary(.not, expression(.bool, depth: depth)))
        case 2:
            let type = random.pick([ExpressionType.int, .decimal, .string])
            return binary(
                random.pick([.less, .lessOrEqual, .greater, .greaterOrEqual]), expression(type, depth: depth),
                expression(type, depth: depth))
        case 3:
            let type = random.pick([ExpressionType.int, .decimal, .string, .bool, .list(.int)])
            return binary(
                random.pick([.equal, .notEqual]), expression(type, depth: depth), expression(type, depth: depth))
        case 4:
            let type = random.pick([ExpressionType.int, .string])
            let list = random.chance(20) ? node(.list([])) : expression(.list(type), depth: depth)
            return binary(.in, expression(type, depth: depth), list)
        case 5:
            return method(
                expression(.string, depth: depth), random.pick(["startsWith", "endsWith", "contains"]),
                [expression(.string, depth: depth)])
        case 6:
            return method(
                expression(.string, depth: depth), "matches",
                [node(.literal(.string(random.pick(["^1[3-9][0-9]{9}$", "[a-z]+", "^$", "话"]))))])
        case 7:
            return call(
                "has",
                [random.chance(50) ? name(random.pick(["retries", "input", "bill"])) : member(name("bill"), "total")])
        default:
            return binary(.equal, integer(depth), integer(depth))
        }
    }

    private mutating func integer(_ depth: Int) -> Syntax {
        switch Int.random(in: 0..<7, using: &random) {
        case 0, 1:
            let op = random.pick([BinaryOperator.add, .subtract, .multiply, .divide, .remainder])
            return binary(op, expression(.int, depth: depth), expression(.int, depth: depth))
        case 2: return node(.unary(.negate, expression(.int, depth: depth)))
        case 3:
            return random.chance(50)
                ? call("size", [expression(.string, depth: depth)])
                : method(expression(.list(.string), depth: depth), "size")
        case 4: return call("int", [expression(random.pick([.decimal, .int]), depth: depth)])
        case 5: return node(.index(expression(.list(.int), depth: depth), expression(.int, depth: depth)))
        default:
            return call(random.pick(["min", "max"]), [expression(.int, depth: depth), expression(.int, depth: depth)])
        }
    }

    private mutating func decimal(_ depth: Int) -> Syntax {
        switch Int.random(in: 0..<5, using: &random) {
        case 0, 1:
            // At least one decimal operand, so the result is a decimal.
            let op = random.pick([BinaryOperator.add, .subtract, .multiply, .divide])
            let left = random.pick([ExpressionType.decimal, .int])
            let right = left == .int ? ExpressionType.decimal : random.pick([.decimal, .int])
            return binary(op, expression(left, depth: depth), expression(right, depth: depth))
        case 2: return node(.unary(.negate, expression(.decimal, depth: depth)))
        case 3: return call(random.pick(["decimal", "abs"]), [expression(.decimal, depth: depth)])
        default: return node(.index(expression(.list(.decimal), depth: depth), expression(.int, depth: depth)))
        }
    }

    private mutating func string(_ depth: Int) -> Syntax {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return binary(.add, expression(.string, depth: depth), expression(.string, depth: depth))
        case 1: return method(expression(.string, depth: depth), random.pick(["lower", "upper", "trim"]))
        case 2: return call("string", [expression(random.pick([.bool, .int, .decimal, .string]), depth: depth)])
        case 3: return member(name("session"), random.pick(["channel", "brand"]))
        default: return node(.index(expression(.list(.string), depth: depth), expression(.int, depth: depth)))
        }
    }

    private mutating func list(of element: ExpressionType, _ depth: Int) -> Syntax {
        if random.chance(40) {
            let right = random.chance(15) ? node(.list([])) : expression(.list(element), depth: depth)
            return binary(.add, expression(.list(element), depth: depth), right)
        }
        return node(.list((0..<Int.random(in: 1...3, using: &random)).map { _ in expression(element, depth: depth) }))
    }

    private mutating func randomDecimal() -> Decimal {
        let whole = String(UInt64.random(in: 0...999_999, using: &random))
        let fraction = String(UInt64.random(in: 0...9_999, using: &random))
        let value = Fixture.decimal(whole + "." + fraction)
        return random.chance(30) ? -value : value
    }

    private mutating func randomText() -> String {
        let pieces = ["a", "Z", " ", "'", "\"", "\\", "\n", "\t", "\u{1}", "话费", "👍🏽", "é", "e\u{301}", "1", "in", "&&"]
        return (0..<Int.random(in: 0...4, using: &random)).map { _ in random.pick(pieces) }.joined()
    }
}
