import FoundationEssentials

/// The built-in functions at run time.
extension Node {
    static func apply<E: ExpressionEnvironment>(
        _ function: UnaryFunction, _ argument: Node, range: ExpressionRange, _ environment: E, _ whole: ExpressionRange
    ) throws(EvaluationError) -> Value {
        switch function {
        case .sizeOfString: return .int(Int64(try argument.string(in: environment, whole).count))
        case .sizeOfList: return .int(Int64(try argument.list(in: environment, whole).count))
        case .intFromString:
            let text = try argument.string(in: environment, whole)
            guard let value = Int64(text) else {
                throw EvaluationError(
                    message: "int(\(LiteralText.quoted(text))): not a whole number in the int range", range: range)
            }
            return .int(value)
        case .intFromDecimal:
            let value = try argument.decimal(in: environment, whole)
            guard let truncated = truncatedInt(value) else {
                throw EvaluationError(
                    message: "int(\(LiteralText.decimal(value))): outside the int range", range: range)
            }
            return .int(truncated)
        case .decimalFromString:
            let text = try argument.string(in: environment, whole)
            guard let value = LiteralText.parseDecimal(text) else {
                throw EvaluationError(
                    message: "decimal(\(LiteralText.quoted(text))): not a decimal number", range: range)
            }
            return .decimal(value)
        case .stringFromBool: return .string(try argument.bool(in: environment, whole) ? "true" : "false")
        case .stringFromInt: return .string(String(try argument.int(in: environment, whole)))
        case .stringFromDecimal: return .string(try argument.decimal(in: environment, whole).description)
        case .absInt:
            let value = try argument.int(in: environment, whole)
            guard value != .min else { throw EvaluationError(message: "int overflow in abs(\(value))", range: range) }
            return .int(Swift.abs(value))
        case .absDecimal: return .decimal(Swift.abs(try argument.decimal(in: environment, whole)))
        case .lower: return .string(try argument.string(in: environment, whole).lowercased())
        case .upper: return .string(try argument.string(in: environment, whole).uppercased())
        case .trim: return .string(trimmed(try argument.string(in: environment, whole)))
        }
    }

    static func apply<E: ExpressionEnvironment>(
        _ function: BinaryFunction, _ first: Node, _ second: Node, range: ExpressionRange, _ environment: E,
        _ whole: ExpressionRange
    ) throws(EvaluationError) -> Value {
        switch function {
        case .startsWith:
            return .bool(try first.string(in: environment, whole).hasPrefix(second.string(in: environment, whole)))
        case .endsWith:
            return .bool(try first.string(in: environment, whole).hasSuffix(second.string(in: environment, whole)))
        case .contains:
            let (text, part) = (try first.string(in: environment, whole), try second.string(in: environment, whole))
            // Every text contains the empty text, which `String.contains` does not say.
            return .bool(part.isEmpty || text.contains(part))
        case .minInt:
            return .int(Swift.min(try first.int(in: environment, whole), try second.int(in: environment, whole)))
        case .maxInt:
            return .int(Swift.max(try first.int(in: environment, whole), try second.int(in: environment, whole)))
        case .minDecimal:
            return .decimal(
                Swift.min(try first.decimal(in: environment, whole), try second.decimal(in: environment, whole)))
        case .maxDecimal:
            return .decimal(
                Swift.max(try first.decimal(in: environment, whole), try second.decimal(in: environment, whole)))
        }
    }

    /// The whole part of `value`, toward zero, if it fits an int.
    static func truncatedInt(_ value: Decimal) -> Int64? {
        // Decimal's description is plain digits (never an exponent), so the whole part is the
        // text before the point.
        let text = value.description
        let whole = text.split(separator: ".", maxSplits: 1).first.map(String.init) ?? text
        return Int64(whole)
    }

    /// `text` without leading and trailing whitespace (Unicode's idea of it, line breaks too).
    static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }
}
