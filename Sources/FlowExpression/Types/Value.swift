import FoundationEssentials

/// A run-time value. Records hold their fields by index (declaration order), so no string
/// hashing happens on the hot path.
///
/// ```swift
/// let bill = Value.record([.decimal(12.5), .string("2024-05-01")])   // total, due
/// ```
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case int(Int64)
    case decimal(Decimal)
    case string(String)
    case list([Value])
    case record([Value])

    /// The zero value of a type: false, 0, 0.0, "", [], a record of zero values.
    public static func zero(of type: ExpressionType) -> Value {
        switch type {
        case .bool: .bool(false)
        case .int: .int(0)
        case .decimal: .decimal(0)
        case .string: .string("")
        case .list: .list([])
        case .record(let record): .record(record.fields.map { zero(of: $0.type) })
        }
    }

    /// The value in the expression language's literal syntax where it has one:
    /// `true`, `42`, `3.5`, `'text'`, `[1, 2]`; records print as `{field, field}`.
    public var description: String {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .decimal(let value): LiteralText.decimal(value)
        case .string(let value): LiteralText.quoted(value)
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .record(let fields): "{" + fields.map(\.description).joined(separator: ", ") + "}"
        }
    }

    /// Equality by value: `1.5 == 1.50`, lists element by element, records field by field.
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        // Decimals go through the fast path: guards compare amounts all the time.
        case (.decimal(let a), .decimal(let b)): DecimalParts.compare(a, b) == 0
        case (.string(let a), .string(let b)): a == b
        case (.list(let a), .list(let b)), (.record(let a), .record(let b)): a == b
        default: false
        }
    }

    /// The name of the value's kind, for run-time messages about ill-typed environments.
    var kindName: String {
        switch self {
        case .bool: "bool"
        case .int: "int"
        case .decimal: "decimal"
        case .string: "string"
        case .list: "list"
        case .record: "record"
        }
    }

    /// The value with every int turned into a decimal, also inside lists: what storing an
    /// int where a decimal is expected means.
    var widened: Value {
        switch self {
        case .int(let value): .decimal(Decimal(value))
        case .list(let items): .list(items.map(\.widened))
        default: self
        }
    }
}
