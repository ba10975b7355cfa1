/// Typing rules of the unary and binary operators.
extension TypeChecker {
    mutating func checkUnary(_ op: UnaryOperator, _ operand: Syntax, whole: ExpressionRange) -> Typed? {
        guard let value = check(operand) else { return nil }
        switch (op, value.type) {
        case (.not, .bool):
            return Typed(node: .not(value.node), type: .bool)
        case (.negate, .int):
            return Typed(node: .negate(.int, value.node, whole), type: .int)
        case (.negate, .decimal):
            return Typed(node: .negate(.decimal, value.node, whole), type: .decimal)
        case (.not, _):
            report(.typeMismatch, "operator '!' needs a bool operand, not \(value.type)", at: operand.range)
        case (.negate, _):
            report(.typeMismatch, "operator '-' needs a number, not \(value.type)", at: operand.range)
        }
        return nil
    }

    mutating func checkBinary(
        _ op: BinaryOperator, _ left: Syntax, _ right: Syntax,
        operatorRange: ExpressionRange, whole: ExpressionRange, hint: ExpressionType?
    ) -> Typed? {
        switch op {
        case .and, .or:
            let first = checkBool(left, side: "left", of: op)
            let second = checkBool(right, side: "right", of: op)
            guard let first, let second else { return nil }
            return Typed(node: op == .and ? .and(first, second) : .or(first, second), type: .bool)
        case .equal, .notEqual:
            let (first, second) = checkPair(left, right, hint: nil)
            guard let first, let second else { return nil }
            guard let type = ExpressionType.common(first.type, second.type) else {
                report(
                    .typeMismatch, "operator '\(op.rawValue)' cannot compare \(first.type) with \(second.type)",
                    at: operatorRange)
                return nil
            }
            let (a, b) = (Self.coerce(first, to: type).node, Self.coerce(second, to: type).node)
            return Typed(node: op == .equal ? .equal(a, b) : .notEqual(a, b), type: .bool)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            return checkOrdering(op, left, right, operatorRange: operatorRange, whole: whole)
        case .in:
            return checkMembership(left, right, operatorRange: operatorRange)
        case .add, .subtract, .multiply, .divide, .remainder:
            return checkArithmetic(op, left, right, operatorRange: operatorRange, whole: whole, hint: hint)
        }
    }

    private mutating func checkBool(_ operand: Syntax, side: String, of op: BinaryOperator) -> Node? {
        guard let value = check(operand) else { return nil }
        guard value.type == .bool else {
            report(
                .typeMismatch,
                "operator '\(op.rawValue)' needs bool operands, but the \(side) operand is \(value.type)",
                at: operand.range)
            return nil
        }
        return value.node
    }

    /// `<` `<=` `>` `>=`: numbers (int and decimal mix) or strings.
    private mutating func checkOrdering(
        _ op: BinaryOperator, _ left: Syntax, _ right: Syntax, operatorRange: ExpressionRange, whole: ExpressionRange
    ) -> Typed? {
        let first = check(left)
        let second = check(right)
        guard let first, let second else { return nil }
        let kind: OrderedKind
        switch ExpressionType.common(first.type, second.type) {
        case .int?: kind = .int
        case .decimal?: kind = .decimal
        case .string?: kind = .string
        case let type?:
            report(
                .typeMismatch,
                "operator '\(op.rawValue)' cannot order \(type) values: only numbers and strings have an order",
                at: operatorRange)
            return nil
        case nil:
            report(
                .typeMismatch, "operator '\(op.rawValue)' cannot compare \(first.type) with \(second.type)",
                at: operatorRange)
            return nil
        }
        let comparison: Comparison =
            switch op {
            case .less: .less
            case .lessOrEqual: .lessOrEqual
            case .greater: .greater
            default: .greaterOrEqual
            }
        let type: ExpressionType = kind == .decimal ? .decimal : first.type
        return Typed(
            node: .compare(
                comparison, kind, Self.coerce(first, to: type).node, Self.coerce(second, to: type).node, whole),
            type: .bool)
    }

    /// `x in list`: `x: T` and the list `list(T)`, ints widening to decimals on either side.
    private mutating func checkMembership(_ left: Syntax, _ right: Syntax, operatorRange: ExpressionRange) -> Typed? {
        let element: Typed?
        let list: Typed?
        if Self.needsContext(left), !Self.needsContext(right) {
            list = check(right)
            var hint: ExpressionType?
            if case .list(let type)? = list?.type { hint = type }
            element = check(left, hint: hint)
        } else {
            element = check(left)
            list = check(right, hint: element.map { .list($0.type) })
        }
        guard let element, let list else { return nil }
        guard case .list(let elementType) = list.type else {
            let hint = list.type == .string ? "; to search text, use s.contains(x)" : ""
            report(.typeMismatch, "operator 'in' needs a list on its right, not \(list.type)\(hint)", at: right.range)
            return nil
        }
        if elementType.isAssignable(from: element.type) {
            return Typed(node: .isElement(Self.coerce(element, to: elementType).node, of: list.node), type: .bool)
        }
        if element.type.isAssignable(from: elementType) {
            let widened = Self.coerce(list, to: .list(element.type))
            return Typed(node: .isElement(element.node, of: widened.node), type: .bool)
        }
        report(.typeMismatch, "operator 'in' cannot look for \(element.type) in \(list.type)", at: operatorRange)
        return nil
    }

    /// `+ - * / %` on numbers; `+` also joins strings and lists.
    private mutating func checkArithmetic(
        _ op: BinaryOperator, _ left: Syntax, _ right: Syntax,
        operatorRange: ExpressionRange, whole: ExpressionRange, hint: ExpressionType?
    ) -> Typed? {
        let (first, second) = checkPair(left, right, hint: hint)
        guard let first, let second else { return nil }
        let arithmetic: Arithmetic =
            switch op {
            case .add: .add
            case .subtract: .subtract
            case .multiply: .multiply
            case .divide: .divide
            default: .remainder
            }
        switch (first.type, second.type) {
        case (.int, .int):
            return Typed(node: .arithmetic(arithmetic, .int, first.node, second.node, whole), type: .int)
        case (.int, .decimal), (.decimal, .int), (.decimal, .decimal):
            guard op != .remainder else {
                report(
                    .typeMismatch, "operator '%' needs int operands, not \(first.type) and \(second.type)",
                    at: operatorRange)
                return nil
            }
            let (a, b) = (Self.coerce(first, to: .decimal).node, Self.coerce(second, to: .decimal).node)
            return Typed(node: .arithmetic(arithmetic, .decimal, a, b, whole), type: .decimal)
        case (.string, .string) where op == .add:
            return Typed(node: .joinStrings(first.node, second.node), type: .string)
        case (.list, .list) where op == .add:
            if let type = ExpressionType.common(first.type, second.type) {
                let (a, b) = (Self.coerce(first, to: type).node, Self.coerce(second, to: type).node)
                return Typed(node: .joinLists(a, b), type: type)
            }
        default:
            break
        }
        report(
            .typeMismatch, "operator '\(op.rawValue)' cannot be applied to \(first.type) and \(second.type)",
            at: operatorRange)
        return nil
    }
}
