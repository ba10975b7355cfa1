extension CheckedExpression {
    /// The string literals the expression compares something with: operands of `==` and
    /// `!=`, and the items of a literal list after `in`, in the order written.
    ///
    /// `input.trim().upper() == 'CXYE' || input in ['1', '2']` gives `CXYE`, `1`, `2`. Tools
    /// that make up input (the simulation's customers, walk-through hints) use them as the
    /// texts a guard is waiting for.
    public var comparedStrings: [String] {
        var found: [String] = []
        Self.collectComparedStrings(root, into: &found)
        return found
    }

    private static func collectComparedStrings(_ node: Node, into found: inout [String]) {
        switch node {
        case .equal(let left, let right), .notEqual(let left, let right):
            for side in [left, right] {
                if case .constant(.string(let text)) = side { found.append(text) }
            }
            collectComparedStrings(left, into: &found)
            collectComparedStrings(right, into: &found)
        case .isElement(let element, let list):
            if case .constant(.list(let items)) = list {
                for case .string(let text) in items { found.append(text) }
            }
            collectComparedStrings(element, into: &found)
            collectComparedStrings(list, into: &found)
        case .not(let inner), .widen(let inner), .negate(_, let inner, _), .field(let inner, _, _),
            .unaryFunction(_, let inner, _), .matchesPattern(let inner, _):
            collectComparedStrings(inner, into: &found)
        case .and(let left, let right), .or(let left, let right), .compare(_, _, let left, let right, _),
            .arithmetic(_, _, let left, let right, _), .joinStrings(let left, let right),
            .joinLists(let left, let right), .index(let left, let right, _), .binaryFunction(_, let left, let right, _),
            .matchesDynamic(let left, let right, _, _):
            collectComparedStrings(left, into: &found)
            collectComparedStrings(right, into: &found)
        case .conditional(let condition, let then, let otherwise):
            collectComparedStrings(condition, into: &found)
            collectComparedStrings(then, into: &found)
            collectComparedStrings(otherwise, into: &found)
        case .list(let items):
            for item in items { collectComparedStrings(item, into: &found) }
        case .constant, .slot, .isSet:
            break
        }
    }
}
