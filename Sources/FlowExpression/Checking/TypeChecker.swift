/// Resolves names to slots and fields to indexes, checks every operator and call against
/// the typing rules of docs/expressions.md, and builds the tree the evaluator runs.
///
/// It reports every problem it finds and goes on: a sub-expression that failed to check
/// yields nil, and whatever uses it stays silent rather than piling up follow-on errors.
struct TypeChecker {
    /// A checked sub-expression: what to run and the type it gives.
    struct Typed {
        var node: Node
        var type: ExpressionType
    }

    let scope: ExpressionScope
    private(set) var errors: [ExpressionError] = []
    private(set) var referencedSlots: Set<Int> = []

    init(scope: ExpressionScope) {
        self.scope = scope
    }

    /// Checks `syntax`; `hint` is the type the context wants, which only an empty list
    /// literal needs (`x in []`, `items: []`).
    mutating func check(_ syntax: Syntax, hint: ExpressionType? = nil) -> Typed? {
        switch syntax.kind {
        case .literal(let literal):
            return Self.typed(literal)
        case .name(let name):
            return checkName(name, at: syntax.range)
        case .unary(let op, let operand):
            return checkUnary(op, operand, whole: syntax.range)
        case .binary(let op, let left, let right, let operatorRange):
            return checkBinary(op, left, right, operatorRange: operatorRange, whole: syntax.range, hint: hint)
        case .conditional(let condition, let then, let otherwise):
            return checkConditional(condition, then, otherwise, whole: syntax.range, hint: hint)
        case .list(let elements):
            return checkList(elements, hint: hint)
        case .member(let receiver, let field, let fieldRange):
            guard let record = check(receiver) else { return nil }
            return checkField(field, of: record, at: fieldRange, whole: syntax.range)
        case .index(let receiver, let index):
            return checkIndex(receiver, index, whole: syntax.range)
        case .call(let function, let nameRange, let arguments):
            return checkCall(function, nameRange: nameRange, arguments: arguments, whole: syntax.range)
        case .method(let receiver, let name, let nameRange, let arguments):
            return checkMethod(name, on: receiver, nameRange: nameRange, arguments: arguments, whole: syntax.range)
        }
    }

    // MARK: - Leaves and simple forms

    static func typed(_ literal: Literal) -> Typed {
        switch literal {
        case .bool(let value): Typed(node: .constant(.bool(value)), type: .bool)
        case .int(let value): Typed(node: .constant(.int(value)), type: .int)
        case .decimal(let value): Typed(node: .constant(.decimal(value)), type: .decimal)
        case .string(let value): Typed(node: .constant(.string(value)), type: .string)
        }
    }

    mutating func checkName(_ name: String, at range: ExpressionRange) -> Typed? {
        guard let variable = scope.lookup(name) else {
            report(
                .undeclaredName, "'\(name)' is not declared", at: range,
                suggestion: DidYouMean.suggestion(for: name, among: scope.names))
            return nil
        }
        referencedSlots.insert(variable.slot)
        return Typed(node: .slot(variable.slot), type: variable.type)
    }

    mutating func checkField(_ field: String, of record: Typed, at fieldRange: ExpressionRange, whole: ExpressionRange)
        -> Typed?
    {
        guard case .record(let recordType) = record.type else {
            let hint = BuiltinNames.methods.contains(field) ? "; to call the method, write '\(field)()'" : ""
            report(
                .typeMismatch, "cannot read field '\(field)' of \(record.type): only records have fields\(hint)",
                at: fieldRange)
            return nil
        }
        guard let index = recordType.fieldIndex(named: field) else {
            report(
                .undeclaredName, "record '\(recordType.name)' has no field '\(field)'", at: fieldRange,
                suggestion: DidYouMean.suggestion(for: field, among: recordType.fields.map(\.name)))
            return nil
        }
        return Typed(node: .field(record.node, index, whole), type: recordType.fields[index].type)
    }

    mutating func checkIndex(_ receiver: Syntax, _ index: Syntax, whole: ExpressionRange) -> Typed? {
        let list = check(receiver)
        let position = check(index)
        guard let list, let position else { return nil }
        guard case .list(let element) = list.type else {
            report(.typeMismatch, "cannot index \(list.type): only lists can be indexed", at: receiver.range)
            return nil
        }
        guard position.type == .int else {
            report(.typeMismatch, "a list index must be int, not \(position.type)", at: index.range)
            return nil
        }
        return Typed(node: .index(list.node, position.node, whole), type: element)
    }

    mutating func checkConditional(
        _ condition: Syntax, _ then: Syntax, _ otherwise: Syntax, whole: ExpressionRange, hint: ExpressionType?
    ) -> Typed? {
        let test = check(condition)
        if let test, test.type != .bool {
            report(.typeMismatch, "the condition of '?:' must be bool, not \(test.type)", at: condition.range)
        }
        let (first, second) = checkPair(then, otherwise, hint: hint)
        guard let test, test.type == .bool, let first, let second else { return nil }
        guard let type = ExpressionType.common(first.type, second.type) else {
            report(
                .typeMismatch,
                "the branches of '?:' must have one type, but one is \(first.type) and the other \(second.type)",
                at: whole)
            return nil
        }
        return Typed(
            node: .conditional(
                test.node, then: Self.coerce(first, to: type).node, else: Self.coerce(second, to: type).node),
            type: type)
    }

    /// A list literal: all elements of one type (ints widen to decimals). Elements that need
    /// context, such as `[]` inside `[[], [1]]`, are checked after the others.
    mutating func checkList(_ elements: [Syntax], hint: ExpressionType?) -> Typed? {
        var elementType: ExpressionType?
        if case .list(let hinted)? = hint { elementType = hinted }
        guard !elements.isEmpty else {
            // With no context at all (`size([])`), any element type will do.
            return Typed(node: .constant(.list([])), type: .list(elementType ?? .int))
        }
        var checked = [Typed?](repeating: nil, count: elements.count)
        var common: ExpressionType?
        var failed = false
        let order =
            elements.indices.filter { !Self.needsContext(elements[$0]) }
            + elements.indices.filter { Self.needsContext(elements[$0]) }
        for index in order {
            guard let element = check(elements[index], hint: common ?? elementType) else {
                failed = true
                continue
            }
            checked[index] = element
            guard let sofar = common else {
                common = element.type
                continue
            }
            if let joined = ExpressionType.common(sofar, element.type) {
                common = joined
            } else {
                report(
                    .typeMismatch,
                    "list elements must all have one type, but this one is \(element.type) and another \(sofar)",
                    at: elements[index].range)
                failed = true
            }
        }
        guard !failed, let common else { return nil }
        let nodes = checked.compactMap { $0.map { Self.coerce($0, to: common).node } }
        let constants = nodes.compactMap { node -> Value? in
            if case .constant(let value) = node { return value }
            return nil
        }
        // A literal list of literals is built once, not on every evaluation.
        let node: Node = constants.count == nodes.count ? .constant(.list(constants)) : .list(nodes)
        return Typed(node: node, type: .list(common))
    }

    // MARK: - Shared helpers

    /// Whether the type of `syntax` comes from its context: `[]`, `[[]]`, `c ? [] : []`.
    static func needsContext(_ syntax: Syntax) -> Bool {
        switch syntax.kind {
        case .list(let elements): elements.allSatisfy(needsContext)
        case .conditional(_, let then, let otherwise): needsContext(then) && needsContext(otherwise)
        default: false
        }
    }

    /// Checks two operands that should agree in type; one that needs context (`[]`) is
    /// checked second, with the other's type as its hint.
    mutating func checkPair(_ first: Syntax, _ second: Syntax, hint: ExpressionType?) -> (Typed?, Typed?) {
        if Self.needsContext(first), !Self.needsContext(second) {
            let right = check(second, hint: hint)
            let left = check(first, hint: right?.type ?? hint)
            return (left, right)
        }
        let left = check(first, hint: hint)
        let right = check(second, hint: left?.type ?? hint)
        return (left, right)
    }

    /// `typed` as a value of `type`, which it must be assignable to: ints become decimals.
    static func coerce(_ typed: Typed, to type: ExpressionType) -> Typed {
        guard typed.type != type else { return typed }
        if case .constant(let value) = typed.node {
            return Typed(node: .constant(value.widened), type: type)
        }
        return Typed(node: .widen(typed.node), type: type)
    }

    mutating func report(
        _ kind: ExpressionError.Kind, _ message: String, at range: ExpressionRange, suggestion: String? = nil
    ) {
        errors.append(ExpressionError(kind: kind, message: message, range: range, suggestion: suggestion))
    }
}
