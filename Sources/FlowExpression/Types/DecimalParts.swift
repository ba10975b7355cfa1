import FoundationEssentials

/// A decimal whose significand fits in an `Int64`, as `significand × 10^exponent`: the
/// shape of nearly every amount of money, compared with machine integers.
///
/// Foundation's `Decimal` comparison normalises exponents digit by digit (~160 ns for
/// `250 > 100`), which would dominate a guard such as `amount > 100`. `Decimal` does not
/// expose its parts publicly on Linux, so they are read from its stored form: the 20-byte
/// NSDecimal layout (exponent byte, length and sign bits, little-endian 16-bit mantissa
/// words). That is trusted only after ``layout`` has checked, once, that decoding gives
/// back known values exactly through the public API; on any other layout every operation
/// falls back to Foundation, so results never depend on the fast path.
struct DecimalParts: Equatable {
    var significand: Int64
    var exponent: Int

    /// The parts of `value`, or nil when its significand needs more than 63 bits, it is NaN,
    /// or the stored layout is not one this type recognises.
    init?(_ value: Decimal) {
        guard let layout = Self.layout, let parts = Self.decode(value, layout) else { return nil }
        self = parts
    }

    private init(significand: Int64, exponent: Int) {
        self.significand = significand
        self.exponent = exponent
    }

    /// -1, 0 or 1 as `a` is below, equal to or above `b`, by value (`1.5` equals `1.50`).
    static func compare(_ a: Decimal, _ b: Decimal) -> Int {
        if let x = DecimalParts(a), let y = DecimalParts(b) {
            return compare(x, y)
        }
        return a < b ? -1 : (a == b ? 0 : 1)
    }

    static func compare(_ a: DecimalParts, _ b: DecimalParts) -> Int {
        if a.exponent == b.exponent { return signum(a.significand, b.significand) }
        let (signA, signB) = (a.significand.signum(), b.significand.signum())
        if signA != signB || signA == 0 { return signum(signA, signB) }
        // Same sign, both non-zero: bring the larger exponent down to the smaller one. If
        // that overflows, its magnitude exceeds any Int64 significand, so it is the larger.
        let aHasLargerExponent = a.exponent > b.exponent
        let (high, low) = aHasLargerExponent ? (a, b) : (b, a)
        var order: Int
        if let scaled = scale(high.significand, by: high.exponent - low.exponent) {
            order = signum(scaled, low.significand)
        } else {
            order = Int(signA)
        }
        if !aHasLargerExponent { order = -order }
        return order
    }

    /// `a + b`, `a - b` or `a × b` computed exactly with machine integers, or nil when an
    /// operand or the result does not fit, leaving the case to Foundation. Both are exact
    /// here and both compact their result, so they agree to the last digit and in text.
    static func combine(_ op: Arithmetic, _ a: Decimal, _ b: Decimal) -> Decimal? {
        guard let x = DecimalParts(a), let y = DecimalParts(b) else { return nil }
        let result: DecimalParts
        switch op {
        case .add, .subtract:
            let other = op == .add ? y : DecimalParts(significand: -y.significand, exponent: y.exponent)
            let (high, low) = x.exponent >= other.exponent ? (x, other) : (other, x)
            guard let aligned = scale(high.significand, by: high.exponent - low.exponent) else { return nil }
            let (sum, overflow) = aligned.addingReportingOverflow(low.significand)
            guard !overflow else { return nil }
            result = DecimalParts(significand: sum, exponent: low.exponent)
        case .multiply:
            let (product, overflow) = x.significand.multipliedReportingOverflow(by: y.significand)
            guard !overflow else { return nil }
            result = DecimalParts(significand: product, exponent: x.exponent + y.exponent)
        case .divide, .remainder:
            return nil
        }
        // Decimal's exponent is a signed byte; beyond it Foundation rounds or overflows.
        guard (-128...127).contains(result.exponent) else { return nil }
        return Decimal(
            sign: result.significand < 0 ? .minus : .plus, exponent: result.exponent,
            significand: Decimal(result.significand.magnitude))
    }

    private static func signum(_ a: Int64, _ b: Int64) -> Int {
        a < b ? -1 : (a == b ? 0 : 1)
    }

    /// `significand × 10^shift`, or nil on overflow.
    private static func scale(_ significand: Int64, by shift: Int) -> Int64? {
        guard shift >= 0, shift <= 18 else { return nil }
        var power: Int64 = 1
        for _ in 0..<shift { power *= 10 }
        let (result, overflow) = significand.multipliedReportingOverflow(by: power)
        return overflow ? nil : result
    }

    // MARK: - Reading the stored form

    /// Where the length and sign bits sit in the second byte.
    enum Layout {
        /// swift-foundation's packing: length in the high nibble, sign in bit 3.
        case packed
        /// Darwin's NSDecimal bitfields: length in the low nibble, sign in bit 4.
        case bitfields
    }

    /// The layout this process's `Decimal` has, checked once against the public API.
    static let layout: Layout? = {
        guard MemoryLayout<Decimal>.size == 20 else { return nil }
        let samples = ["-123.45", "0", "250", "1.06", "-0.000001", "9223372036854775807", "-42", "1e20"]
        let tooWide = Decimal(string: "-123456789012345678901234567890")
        for candidate in [Layout.packed, .bitfields] {
            let faithful = samples.allSatisfy { text in
                guard let value = Decimal(string: text), let parts = decode(value, candidate) else { return false }
                let magnitude = Decimal(parts.significand.magnitude)
                let rebuilt = Decimal(
                    sign: parts.significand < 0 ? .minus : .plus, exponent: parts.exponent, significand: magnitude)
                return rebuilt == value
            }
            if faithful, let tooWide, decode(tooWide, candidate) == nil { return candidate }
        }
        return nil
    }()

    private static func decode(_ value: Decimal, _ layout: Layout) -> DecimalParts? {
        withUnsafeBytes(of: value) { bytes -> DecimalParts? in
            guard bytes.count == 20 else { return nil }
            let flags = bytes[1]
            let (length, negative) =
                switch layout {
                case .packed: (Int(flags >> 4), flags & 0x08 != 0)
                case .bitfields: (Int(flags & 0x0F), flags & 0x10 != 0)
                }
            guard length > 0 else {
                // Length zero is zero, or NaN when the sign bit is set.
                return negative ? nil : DecimalParts(significand: 0, exponent: 0)
            }
            guard length <= 4 else { return nil }
            var magnitude: UInt64 = 0
            for word in 0..<length {
                let low = UInt64(bytes[4 + 2 * word])
                let high = UInt64(bytes[5 + 2 * word])
                magnitude |= (low | high << 8) << (16 * UInt64(word))
            }
            guard magnitude <= UInt64(Int64.max) else { return nil }
            let exponent = Int(Int8(bitPattern: bytes[0]))
            return DecimalParts(significand: negative ? -Int64(magnitude) : Int64(magnitude), exponent: exponent)
        }
    }
}
