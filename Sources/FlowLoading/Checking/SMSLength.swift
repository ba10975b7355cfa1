/// How long a text is as an SMS: its encoding, length and number of parts.
///
/// GSM-7 (the GSM 03.38 default alphabet) fits 160 characters in one SMS, 153 per part
/// when concatenated; characters of its extension table (`^{}\[~]|€`) count twice.
/// Anything else (Chinese, emoji) is sent as UCS-2: 70 in one SMS, 67 per part,
/// counted in UTF-16 units (an emoji counts two).
public struct SMSLength: Sendable, Hashable, CustomStringConvertible {
    public enum Encoding: String, Sendable {
        case gsm7 = "GSM-7"
        case ucs2 = "UCS-2"
    }

    public var encoding: Encoding
    /// Length in the encoding's units (septets for GSM-7, UTF-16 units for UCS-2).
    public var units: Int

    public init(_ text: String) {
        var septets = 0
        var gsm = true
        for scalar in text.unicodeScalars {
            if Self.basic.contains(scalar) {
                septets += 1
            } else if Self.extended.contains(scalar) {
                septets += 2
            } else {
                gsm = false
                break
            }
        }
        if gsm {
            encoding = .gsm7
            units = septets
        } else {
            encoding = .ucs2
            units = text.utf16.count
        }
    }

    /// Most units in a single SMS.
    public var singleLimit: Int { encoding == .gsm7 ? 160 : 70 }
    /// Most units per part of a concatenated SMS.
    public var partLimit: Int { encoding == .gsm7 ? 153 : 67 }

    /// How many SMS the text takes.
    public var segments: Int {
        if units <= singleLimit { return units == 0 ? 0 : 1 }
        return (units + partLimit - 1) / partLimit
    }

    /// The most units that fit in `segments` parts.
    public func capacity(segments: Int) -> Int {
        segments <= 1 ? singleLimit : segments * partLimit
    }

    public var description: String {
        "\(units) \(encoding.rawValue) characters (\(segments) SMS)"
    }

    private static let basic: Set<Unicode.Scalar> = Set(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
            + "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars)
    private static let extended: Set<Unicode.Scalar> = Set("^{}\\[~]|€\u{0C}".unicodeScalars)
}
