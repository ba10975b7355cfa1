/// How YAML 1.2's core schema reads a plain scalar: null, boolean, integer, float or text.
///
/// This is what yaml-language-server applies too, so the editor and `flowmap lint`
/// agree on what `version: 1.10` is (a number, which a version label may not be).
enum ScalarResolution: Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string

    /// How a scalar node reads: an explicit core tag (`!!str`, `!!int`, `!!float`,
    /// `!!bool`, `!!null`) types it as the tag says, any other tag makes it text, a quoted
    /// or block scalar is text, and a plain scalar is typed by the core schema.
    static func of(_ node: YAMLNode) -> ScalarResolution {
        if let tag = node.tag {
            switch tag {
            case "tag:yaml.org,2002:null": return .null
            case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float": return resolve(node.text)
            default: return .string
            }
        }
        return node.style == .plain ? resolve(node.text) : .string
    }

    static func isNull(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    static func resolve(_ text: String) -> ScalarResolution {
        // Most scalars are words: only these first characters can start anything but text.
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            break
        default:
            return .string
        }
        if isNull(text) { return .null }
        switch text {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        guard first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
            || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return .string }
        if let value = integer(text) { return .int(value) }
        if isFloat(text), let value = Double(text) { return .float(value) }
        return .string
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`. Too large for 64 bits reads as a float.
    private static func integer(_ text: String) -> Int64? {
        // `Int64(_:radix:)` would take a sign after the prefix; YAML does not.
        func digits(_ rest: Substring) -> Substring? {
            guard let first = rest.first, first != "-", first != "+" else { return nil }
            return rest
        }
        if text.hasPrefix("0x") { return digits(text.dropFirst(2)).flatMap { Int64($0, radix: 16) } }
        if text.hasPrefix("0o") { return digits(text.dropFirst(2)).flatMap { Int64($0, radix: 8) } }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(text.first == "+" ? String(text.dropFirst()) : text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    private static func isFloat(_ text: String) -> Bool {
        var chars = Substring(text)
        if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        let whole = chars.prefix(while: isDigit)
        chars = chars.dropFirst(whole.count)
        var fraction = Substring()
        if chars.first == "." {
            chars = chars.dropFirst()
            fraction = chars.prefix(while: isDigit)
            chars = chars.dropFirst(fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return false }
        if chars.first == "e" || chars.first == "E" {
            chars = chars.dropFirst()
            if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
            let exponent = chars.prefix(while: isDigit)
            guard !exponent.isEmpty else { return false }
            chars = chars.dropFirst(exponent.count)
        }
        return chars.isEmpty
    }
}
