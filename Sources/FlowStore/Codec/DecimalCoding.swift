import Foundation

/// Decimals as sign, exponent and a 128-bit significand: exact, compact, and without the
/// text round trip (`description` and `Decimal(string:)` cost about a microsecond each).
///
/// `Decimal` shows its parts only through its stored form on Linux (swift-foundation keeps
/// `_mantissa` internal), so they are read from the 20-byte layout: exponent byte, length
/// and sign bits, eight little-endian 16-bit words. That reading is trusted only after
/// ``layout`` has checked, once, that it gives back known values exactly through the public
/// API; otherwise the text form is written. Decoding always goes through the public API.
enum DecimalCoding {
    /// A decimal as parts: `(-1)^negative × (high × 2^64 + low) × 10^exponent`.
    struct Parts: Equatable {
        var negative: Bool
        var exponent: Int8
        var low: UInt64
        var high: UInt64
    }

    enum Layout {
        /// swift-foundation's packing: length in the high nibble, sign in bit 3.
        case packed
        /// Darwin's NSDecimal bitfields: length in the low nibble, sign in bit 4.
        case bitfields
    }

    static let layout: Layout? = {
        guard MemoryLayout<Decimal>.size == 20 else { return nil }
        let samples = [
            "-123.45", "0", "250", "1.06", "-0.000001", "9223372036854775807", "-42", "1e20",
            "123456789012345678901234567890.5", "-0.00000000000000000000000000001",
        ]
        for candidate in [Layout.packed, .bitfields] {
            let faithful = samples.allSatisfy { text in
                guard let value = Decimal(string: text), let parts = parts(of: value, candidate) else { return false }
                return decimal(parts) == value
            }
            if faithful { return candidate }
        }
        return nil
    }()

    /// The parts of a finite decimal, or nil for NaN or an unrecognised layout.
    static func parts(of value: Decimal) -> Parts? {
        guard let layout else { return nil }
        return parts(of: value, layout)
    }

    private static func parts(of value: Decimal, _ layout: Layout) -> Parts? {
        withUnsafeBytes(of: value) { bytes -> Parts? in
            let flags = bytes[1]
            let (length, negative) =
                switch layout {
                case .packed: (Int(flags >> 4), flags & 0x08 != 0)
                case .bitfields: (Int(flags & 0x0F), flags & 0x10 != 0)
                }
            // Length zero is zero, or NaN when the sign bit is set.
            if length == 0 { return negative ? nil : Parts(negative: false, exponent: 0, low: 0, high: 0) }
            guard length <= 8 else { return nil }
            var low: UInt64 = 0
            var high: UInt64 = 0
            for word in 0..<length {
                let value = UInt64(bytes[4 + 2 * word]) | UInt64(bytes[5 + 2 * word]) << 8
                if word < 4 { low |= value << (16 * UInt64(word)) } else { high |= value << (16 * UInt64(word - 4)) }
            }
            return Parts(negative: negative, exponent: Int8(bitPattern: bytes[0]), low: low, high: high)
        }
    }

    private static let twoToThe64 = Decimal(string: "18446744073709551616")!

    /// The decimal the parts describe, built through the public API.
    static func decimal(_ parts: Parts) -> Decimal {
        var significand = Decimal(parts.low)
        if parts.high != 0 { significand += Decimal(parts.high) * twoToThe64 }
        if significand == 0 { return 0 }
        return Decimal(sign: parts.negative ? .minus : .plus, exponent: Int(parts.exponent), significand: significand)
    }
}
