import FlowExpression
import FlowLoading
import Foundation

/// Values written in scenario files, read as the type a flow declares or as they look.
enum ValueReading {
    /// Why a written value is not of the type wanted.
    struct Mismatch: Error, CustomStringConvertible {
        var description: String

        init(_ description: String) {
            self.description = description
        }
    }

    /// The node as a value of `type`, or why it is not one. Text is taken as written:
    /// `msisdn: 13800138000` is the string `13800138000`; `total: 128.50` the decimal 128.50.
    static func value(_ node: YAMLTree, as type: ExpressionType) -> Result<Value, Mismatch> {
        switch type {
        case .string:
            guard node.isScalar, !node.isNull else { return .failure(Mismatch("expected text, found \(node.kindDescription)")) }
            return .success(.string(node.text))
        case .bool:
            guard case .bool(let flag) = node.content else {
                return .failure(Mismatch("expected true or false, found \(node.kindDescription)"))
            }
            return .success(.bool(flag))
        case .int:
            guard node.isScalar, let integer = Int64(node.text) else {
                return .failure(Mismatch("expected a whole number, found \(node.isScalar ? "'\(node.text)'" : node.kindDescription)"))
            }
            return .success(.int(integer))
        case .decimal:
            guard node.isScalar, !node.isNull, let decimal = decimal(node.text) else {
                return .failure(Mismatch("expected a number, found \(node.isScalar ? "'\(node.text)'" : node.kindDescription)"))
            }
            return .success(.decimal(decimal))
        case .list(let element):
            guard case .sequence(let items) = node.content else { return .failure(Mismatch("expected a list, found \(node.kindDescription)")) }
            var values: [Value] = []
            for item in items {
                switch value(item, as: element) {
                case .success(let value): values.append(value)
                case .failure(let mismatch): return .failure(mismatch)
                }
            }
            return .success(.list(values))
        case .record(let record):
            guard case .mapping(let entries) = node.content else {
                return .failure(Mismatch("expected a mapping of \(record.fields.map(\.name).joined(separator: ", ")), found \(node.kindDescription)"))
            }
            var fields = record.fields.map { Value.zero(of: $0.type) }
            for entry in entries {
                guard let index = record.fieldIndex(named: entry.key.text) else {
                    return .failure(Mismatch("\(record.name) has no field '\(entry.key.text)'"))
                }
                switch value(entry.value, as: record.fields[index].type) {
                case .success(let value): fields[index] = value
                case .failure(let mismatch): return .failure(mismatch)
                }
            }
            return .success(.record(fields))
        }
    }

    /// A value as it looks, for results and event data whose types the runtime fits:
    /// whole numbers are ints, other numbers decimals (read from their text, exactly).
    static func untyped(_ node: YAMLTree) -> Value? {
        switch node.content {
        case .null: return nil
        case .bool(let flag): return .bool(flag)
        case .int(let integer): return .int(integer)
        case .float: return decimal(node.text).map { .decimal($0) } ?? .string(node.text)
        case .string: return .string(node.text)
        case .sequence(let items): return .list(items.compactMap(untyped))
        case .mapping: return nil
        }
    }

    /// A plain decimal numeral: `128.5`, `-3`, `0.10`.
    static func decimal(_ text: String) -> Decimal? {
        guard !text.isEmpty,
            text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") })
        else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}
