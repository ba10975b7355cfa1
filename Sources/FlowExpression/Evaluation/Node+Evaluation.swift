import FoundationEssentials

/// Evaluation: a walk over the checked tree against an environment.
///
/// The tree is well typed, so each operator knows what its operands hold; only an
/// environment holding values of the wrong kind can break that, and it gets an
/// ``EvaluationError`` (never a crash). `whole`, the range of the whole expression, is what
/// such an error points at.
///
/// These are generic functions rather than methods of a generic evaluator struct, and take
/// the environment borrowed: called from another module they run unspecialised, and both
/// instantiating a generic type's metadata and copying the environment into an existential
/// cost more per evaluation than the walk itself.
extension Node {
    func evaluate<E: ExpressionEnvironment>(in environment: E, _ whole: ExpressionRange) throws(EvaluationError)
        -> Value
    {
        switch self {
        case .constant(let value):
            return value
        case .slot(let slot):
            return environment.value(ofSlot: slot)
        case .field(let record, let index, let range):
            guard case .record(let fields) = try record.evaluate(in: environment, whole) else {
                throw Self.mismatch("record", whole)
            }
            guard fields.indices.contains(index) else {
                throw EvaluationError(
                    message: "the record holds \(fields.count) fields; field \(index + 1) is missing", range: range)
            }
            return fields[index]
        case .index(let list, let position, let range):
            let items = try list.list(in: environment, whole)
            let index = try position.int(in: environment, whole)
            guard index >= 0, index < items.count else {
                throw EvaluationError(
                    message: "index \(index) is out of range for a list of \(items.count) elements", range: range)
            }
            return items[Int(index)]
        case .widen(let inner):
            return try inner.evaluate(in: environment, whole).widened

        case .not(let operand):
            return .bool(try !operand.bool(in: environment, whole))
        case .negate(.int, let operand, let range):
            let (value, overflow) = Int64(0).subtractingReportingOverflow(try operand.int(in: environment, whole))
            guard !overflow else { throw EvaluationError(message: "int overflow in '-'", range: range) }
            return .int(value)
        case .negate(.decimal, let operand, _):
            return .decimal(-(try operand.decimal(in: environment, whole)))
        // Spelled out rather than `&&`/`||`, whose autoclosures would erase the typed throw.
        case .and(let left, let right):
            guard try left.bool(in: environment, whole) else { return .bool(false) }
            return .bool(try right.bool(in: environment, whole))
        case .or(let left, let right):
            if try left.bool(in: environment, whole) { return .bool(true) }
            return .bool(try right.bool(in: environment, whole))
        case .conditional(let condition, let then, let otherwise):
            if try condition.bool(in: environment, whole) { return try then.evaluate(in: environment, whole) }
            return try otherwise.evaluate(in: environment, whole)

        case .equal(let left, let right):
            return .bool(try left.evaluate(in: environment, whole) == right.evaluate(in: environment, whole))
        case .notEqual(let left, let right):
            return .bool(try left.evaluate(in: environment, whole) != right.evaluate(in: environment, whole))
        case .compare(let comparison, let kind, let left, let right, _):
            return .bool(try Self.compare(comparison, kind, left, right, environment, whole))
        case .isElement(let element, let list):
            let value = try element.evaluate(in: environment, whole)
            return .bool(try list.list(in: environment, whole).contains(value))

        case .arithmetic(let op, .int, let left, let right, let range):
            return .int(
                try Self.intArithmetic(
                    op, left.int(in: environment, whole), right.int(in: environment, whole), range: range))
        case .arithmetic(let op, .decimal, let left, let right, let range):
            return .decimal(
                try Self.decimalArithmetic(
                    op, left.decimal(in: environment, whole), right.decimal(in: environment, whole), range: range))
        case .joinStrings(let left, let right):
            return .string(try left.string(in: environment, whole) + right.string(in: environment, whole))
        case .joinLists(let left, let right):
            return .list(try left.list(in: environment, whole) + right.list(in: environment, whole))
        case .list(let elements):
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try element.evaluate(in: environment, whole)) }
            return .list(values)

        case .isSet(let slot):
            return .bool(environment.isSet(slot: slot))
        case .unaryFunction(let function, let argument, let range):
            return try Self.apply(function, argument, range: range, environment, whole)
        case .binaryFunction(let function, let first, let second, let range):
            return try Self.apply(function, first, second, range: range, environment, whole)
        case .matchesPattern(let text, let pattern):
            return .bool(pattern.matches(try text.string(in: environment, whole)))
        case .matchesDynamic(let text, let patternText, let cache, let range):
            let subject = try text.string(in: environment, whole)
            let source = try patternText.string(in: environment, whole)
            do {
                return .bool(try cache.pattern(for: source).matches(subject))
            } catch {
                throw EvaluationError(
                    message: "invalid regular expression \(LiteralText.quoted(source)): \(error.message)", range: range)
            }
        }
    }

    // MARK: - Operators

    private static func compare<E: ExpressionEnvironment>(
        _ comparison: Comparison, _ kind: OrderedKind, _ left: Node, _ right: Node, _ environment: E,
        _ whole: ExpressionRange
    ) throws(EvaluationError) -> Bool {
        switch kind {
        case .int: return holds(comparison, try left.int(in: environment, whole), try right.int(in: environment, whole))
        case .decimal:
            let order = DecimalParts.compare(
                try left.decimal(in: environment, whole), try right.decimal(in: environment, whole))
            return holds(comparison, order, 0)
        case .string:
            // Code-point order, which UTF-8 byte order is; independent of locale and of
            // Swift's grapheme-based String ordering.
            let (a, b) = (try left.string(in: environment, whole), try right.string(in: environment, whole))
            switch comparison {
            case .less: return a.utf8.lexicographicallyPrecedes(b.utf8)
            case .lessOrEqual: return !b.utf8.lexicographicallyPrecedes(a.utf8)
            case .greater: return b.utf8.lexicographicallyPrecedes(a.utf8)
            case .greaterOrEqual: return !a.utf8.lexicographicallyPrecedes(b.utf8)
            }
        }
    }

    private static func holds<T: Comparable>(_ comparison: Comparison, _ a: T, _ b: T) -> Bool {
        switch comparison {
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        }
    }

    static func intArithmetic(_ op: Arithmetic, _ a: Int64, _ b: Int64, range: ExpressionRange) throws(EvaluationError)
        -> Int64
    {
        if (op == .divide || op == .remainder) && b == 0 {
            throw EvaluationError(
                message: op == .divide ? "division by zero" : "remainder of a division by zero", range: range)
        }
        let (result, overflow) =
            switch op {
            case .add: a.addingReportingOverflow(b)
            case .subtract: a.subtractingReportingOverflow(b)
            case .multiply: a.multipliedReportingOverflow(by: b)
            case .divide: a.dividedReportingOverflow(by: b)
            case .remainder: a.remainderReportingOverflow(dividingBy: b)
            }
        guard !overflow else {
            throw EvaluationError(message: "int overflow in \(a) \(op.rawValue) \(b)", range: range)
        }
        return result
    }

    static func decimalArithmetic(_ op: Arithmetic, _ a: Decimal, _ b: Decimal, range: ExpressionRange)
        throws(EvaluationError) -> Decimal
    {
        let result: Decimal
        switch op {
        case .add: result = DecimalParts.combine(op, a, b) ?? a + b
        case .subtract: result = DecimalParts.combine(op, a, b) ?? a - b
        case .multiply: result = DecimalParts.combine(op, a, b) ?? a * b
        case .divide:
            guard !b.isZero else { throw EvaluationError(message: "division by zero", range: range) }
            result = a / b
        case .remainder:
            // The checker only allows `%` on ints; kept total rather than trapping.
            throw EvaluationError(message: "'%' needs int operands", range: range)
        }
        // Decimal signals overflow (beyond about 10^165) with NaN.
        guard !result.isNaN else {
            throw EvaluationError(message: "decimal overflow in '\(op.rawValue)'", range: range)
        }
        return result
    }

    // MARK: - Typed reads

    func bool<E: ExpressionEnvironment>(in environment: E, _ whole: ExpressionRange) throws(EvaluationError) -> Bool {
        guard case .bool(let value) = try evaluate(in: environment, whole) else { throw Self.mismatch("bool", whole) }
        return value
    }

    func int<E: ExpressionEnvironment>(in environment: E, _ whole: ExpressionRange) throws(EvaluationError) -> Int64 {
        guard case .int(let value) = try evaluate(in: environment, whole) else { throw Self.mismatch("int", whole) }
        return value
    }

    func decimal<E: ExpressionEnvironment>(in environment: E, _ whole: ExpressionRange) throws(EvaluationError)
        -> Decimal
    {
        guard case .decimal(let value) = try evaluate(in: environment, whole) else {
            throw Self.mismatch("decimal", whole)
        }
        return value
    }

    func string<E: ExpressionEnvironment>(in environment: E, _ whole: ExpressionRange) throws(EvaluationError) -> String
    {
        guard case .string(let value) = try evaluate(in: environment, whole) else {
            throw Self.mismatch("string", whole)
        }
        return value
    }

    func list<E: ExpressionEnvironment>(in environment: E, _ whole: ExpressionRange) throws(EvaluationError) -> [Value]
    {
        guard case .list(let value) = try evaluate(in: environment, whole) else { throw Self.mismatch("list", whole) }
        return value
    }

    static func mismatch(_ expected: String, _ whole: ExpressionRange) -> EvaluationError {
        EvaluationError(message: "a variable holds a value of the wrong kind: expected \(expected)", range: whole)
    }
}
