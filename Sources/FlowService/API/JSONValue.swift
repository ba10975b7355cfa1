import FlowExpression
import Foundation

/// A JSON value in a request body (variables, task results, external event data), turned
/// into the engine's `Value`: numbers without a fraction become ints, others decimals as
/// written (the engine widens and converts to each variable's declared type).
public enum JSONValue: Sendable, Hashable, Codable {
    case bool(Bool)
    case int(Int64)
    case decimal(Decimal)
    case string(String)
    case list([JSONValue])
    case object([String: JSONValue])
    case null

    public init(from decoder: any Decoder) throws {
        // Each kind that does not match costs a thrown error: the kinds bodies carry most
        // (texts, then numbers) are tried first. JSON's kinds are distinct, so the order
        // changes nothing else.
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let integer = try? container.decode(Int64.self) {
            self = .int(integer)
        } else if let number = try? container.decode(Double.self) {
            // Double's description is the shortest text that reads back the same: 56.8 -> "56.8".
            self = .decimal(Decimal(string: "\(number)", locale: Self.posix) ?? Decimal(number))
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .list(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .bool(let flag): try container.encode(flag)
        case .int(let integer): try container.encode(integer)
        case .decimal(let decimal): try container.encode(decimal)
        case .string(let text): try container.encode(text)
        case .list(let items): try container.encode(items)
        case .object(let fields): try container.encode(fields)
        case .null: try container.encodeNil()
        }
    }

    /// The engine's value; objects and nulls have none (the error names `field`).
    func value(field: String) throws(ServiceError) -> Value {
        switch self {
        case .bool(let flag): return .bool(flag)
        case .int(let integer): return .int(integer)
        case .decimal(let decimal): return .decimal(decimal)
        case .string(let text): return .string(text)
        case .list(let items):
            var values: [Value] = []
            for (index, item) in items.enumerated() { values.append(try item.value(field: "\(field)[\(index)]")) }
            return .list(values)
        case .object:
            throw ServiceError(.badRequest, "wrong-type", "\(field): objects are not accepted as values", field: field)
        case .null:
            throw ServiceError(.badRequest, "wrong-type", "\(field): null is not a value", field: field)
        }
    }

    /// A JSON value for an engine value (records as lists of their fields).
    init(_ value: Value) {
        switch value {
        case .bool(let flag): self = .bool(flag)
        case .int(let integer): self = .int(integer)
        case .decimal(let decimal): self = .decimal(decimal)
        case .string(let text): self = .string(text)
        case .list(let items), .record(let items): self = .list(items.map(JSONValue.init))
        }
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// The engine's values, each error naming `field.name`.
    func values(field: String) throws(ServiceError) -> [String: FlowExpression.Value] {
        var values: [String: FlowExpression.Value] = [:]
        for (name, json) in self { values[name] = try json.value(field: "\(field).\(name)") }
        return values
    }
}
