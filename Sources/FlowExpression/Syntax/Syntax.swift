import FoundationEssentials

/// A parsed expression before its names are resolved: what the text says, with the span of
/// every part, so the checker can point at the exact token it objects to.
struct Syntax: Sendable, Hashable {
    indirect enum Kind: Sendable, Hashable {
        case literal(Literal)
        case name(String)
        case unary(UnaryOperator, Syntax)
        case binary(BinaryOperator, Syntax, Syntax, operatorRange: ExpressionRange)
        case conditional(Syntax, then: Syntax, else: Syntax)
        case list([Syntax])
        case member(Syntax, field: String, fieldRange: ExpressionRange)
        case index(Syntax, Syntax)
        case call(function: String, nameRange: ExpressionRange, arguments: [Syntax])
        case method(Syntax, name: String, nameRange: ExpressionRange, arguments: [Syntax])
    }

    var kind: Kind
    var range: ExpressionRange
    /// Levels in the tree below and including this node; bounded so that checking,
    /// evaluating and printing never recurse deep enough to exhaust a stack.
    let height: Int

    init(_ kind: Kind, _ range: ExpressionRange) {
        self.kind = kind
        self.range = range
        self.height = 1 + (kind.children.map(\.height).max() ?? 0)
    }

    /// The same tree with every range zeroed: what two parses must agree on to be the same
    /// expression written differently.
    var withoutRanges: Syntax {
        let zero = ExpressionRange(start: 0, end: 0)
        let kind: Kind =
            switch self.kind {
            case .literal, .name: self.kind
            case .unary(let op, let operand): .unary(op, operand.withoutRanges)
            case .binary(let op, let left, let right, _):
                .binary(op, left.withoutRanges, right.withoutRanges, operatorRange: zero)
            case .conditional(let condition, let then, let otherwise):
                .conditional(condition.withoutRanges, then: then.withoutRanges, else: otherwise.withoutRanges)
            case .list(let elements): .list(elements.map(\.withoutRanges))
            case .member(let receiver, let field, _):
                .member(receiver.withoutRanges, field: field, fieldRange: zero)
            case .index(let receiver, let index): .index(receiver.withoutRanges, index.withoutRanges)
            case .call(let function, _, let arguments):
                .call(function: function, nameRange: zero, arguments: arguments.map(\.withoutRanges))
            case .method(let receiver, let name, _, let arguments):
                .method(
                    receiver.withoutRanges, name: name, nameRange: zero,
                    arguments: arguments.map(\.withoutRanges))
            }
        return Syntax(kind, zero)
    }
}

extension Syntax.Kind {
    var children: [Syntax] {
        switch self {
        case .literal, .name: []
        case .unary(_, let operand): [operand]
        case .binary(_, let left, let right, _): [left, right]
        case .conditional(let condition, let then, let otherwise): [condition, then, otherwise]
        case .list(let elements): elements
        case .member(let receiver, _, _): [receiver]
        case .index(let receiver, let index): [receiver, index]
        case .call(_, _, let arguments): arguments
        case .method(let receiver, _, _, let arguments): [receiver] + arguments
        }
    }
}

/// A literal as written: the parser has already folded a leading minus into numbers.
enum Literal: Sendable, Hashable {
    case bool(Bool)
    case int(Int64)
    case decimal(Decimal)
    case string(String)
}
