import FoundationEssentials

/// How literals are written: the canonical text of strings and decimals, and the strict
/// reading of numbers from text that `int()` and `decimal()` need.
enum LiteralText {
    /// Decimal literals carry at most this many digits, all a `Decimal` holds exactly.
    static let maximumDecimalDigits = 38

    /// `s` as a single-quoted literal that reads back as `s`.
    static func quoted(_ text: String) -> String {
        var result = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "'": result += "\\'"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                // Other control characters are spelled out so a printed expression stays on
                // one line and shows what it holds.
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    result += "\\u" + hex4(scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "'"
    }

    /// A decimal as a literal: always with a fraction (`100.0`), so it reads back as a decimal
    /// and not as an int.
    static func decimal(_ value: Decimal) -> String {
        let text = value.description
        return text.contains(".") ? text : text + ".0"
    }

    /// Reads `[+-]digits[.digits]` and nothing else (no spaces, exponents or trailing text,
    /// which `Decimal(string:)` would quietly accept or drop).
    static func parseDecimal(_ text: String) -> Decimal? {
        var scalars = Array(text.unicodeScalars)[...]
        var negative = false
        if let sign = scalars.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        let whole = scalars.prefix(while: isDigit)
        let rest = scalars.dropFirst(whole.count)
        var fraction: ArraySlice<Unicode.Scalar> = []
        if let point = rest.first {
            fraction = rest.dropFirst()
            guard point == ".", !fraction.isEmpty, fraction.allSatisfy(isDigit) else { return nil }
        }
        guard !whole.isEmpty,
            let magnitude = decimal(whole: ascii(whole), fraction: ascii(fraction))
        else { return nil }
        return negative ? -magnitude : magnitude
    }

    private static func ascii(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(String.UnicodeScalarView(scalars))
    }

    /// The non-negative decimal `whole.fraction` made of ASCII digits, or nil when it has more
    /// digits than a `Decimal` holds exactly.
    static func decimal(whole: String, fraction: String) -> Decimal? {
        let significantWhole = whole.drop { $0 == "0" }
        guard significantWhole.count + fraction.count <= maximumDecimalDigits else { return nil }
        let text = fraction.isEmpty ? whole : whole + "." + fraction
        guard let value = Decimal(string: text), !value.isNaN else { return nil }
        return value
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
