/// A type in the expression language.
///
/// `int` widens to `decimal` wherever a decimal is expected, and so does every list of
/// ints to a list of decimals; nothing ever narrows silently:
///
/// ```swift
/// ExpressionType.decimal.isAssignable(from: .int)                    // true
/// ExpressionType.list(.decimal).isAssignable(from: .list(.int))      // true
/// ExpressionType.int.isAssignable(from: .decimal)                    // false: use int(x)
/// ```
public indirect enum ExpressionType: Sendable, Hashable, CustomStringConvertible {
    case bool, int, decimal, string
    case list(ExpressionType)
    case record(RecordType)

    /// Whether a value of type `source` may be stored in / compared as this type
    /// (int widens to decimal; list(int) to list(decimal)).
    public func isAssignable(from source: ExpressionType) -> Bool {
        switch (self, source) {
        case (.decimal, .int):
            return true
        case (.list(let target), .list(let element)):
            return target.isAssignable(from: element)
        default:
            return self == source
        }
    }

    /// The type as written in messages: `int`, `list(string)`, `record(bill)`.
    public var description: String {
        switch self {
        case .bool: "bool"
        case .int: "int"
        case .decimal: "decimal"
        case .string: "string"
        case .list(let element): "list(\(element))"
        case .record(let record): "record(\(record.name))"
        }
    }

    /// Whether values of this type are numbers (`int` or `decimal`).
    public var isNumeric: Bool {
        self == .int || self == .decimal
    }

    /// The one type both operands can be used as, widening int to decimal, or nil when
    /// there is none (`int` and `string`).
    static func common(_ first: ExpressionType, _ second: ExpressionType) -> ExpressionType? {
        if first.isAssignable(from: second) { return first }
        if second.isAssignable(from: first) { return second }
        return nil
    }
}
