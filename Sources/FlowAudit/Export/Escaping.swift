/// Escaping for the text formats: XML attribute values and CSV fields.
enum Escaping {
    /// `text` safe inside a double-quoted XML attribute: `& < > " '` as entities, and the
    /// control characters XML 1.0 forbids dropped (tab, newline and return kept as
    /// character references, so attribute normalisation does not turn them into spaces).
    static func xml(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 < 0x20 })
        else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t": result += "&#9;"
            case "\n": result += "&#10;"
            case "\r": result += "&#13;"
            default:
                if scalar.value < 0x20 { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` as one CSV field (RFC 4180): quoted when it holds a comma, a quote, a
    /// newline or a return, with quotes doubled.
    static func csv(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension Escaping {
    /// `text` as a JSON string (RFC 8259): quotes, backslashes and control characters
    /// escaped, everything else as it is (UTF-8).
    ///
    /// The JSON Lines export writes its objects with this rather than `JSONEncoder`, which
    /// sorts or reorders an object's members: a record's variable changes must keep their
    /// order for its hash to be recomputed (`RecordChanges`).
    static func json(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) else { return "\"" + text + "\"" }
        var result = "\""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
