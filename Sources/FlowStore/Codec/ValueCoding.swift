import FlowExpression
import Foundation

/// Expression values in the codec: a tag byte, then the value.
enum ValueTag: UInt8 {
    case `false` = 0
    case `true` = 1
    case int = 2
    /// Sign and exponent byte, then the significand's low and high 64 bits as varints.
    case decimal = 3
    /// A decimal as text, when its stored layout could not be read.
    case decimalText = 4
    case string = 5
    case list = 6
    case record = 7
    case decimalNaN = 8
}

/// Lists and records nest; malformed bytes must not recurse without limit.
let maximumValueDepth = 64

extension BinaryWriter {
    mutating func value(_ value: Value) {
        switch value {
        case .bool(let flag): byte(flag ? ValueTag.true.rawValue : ValueTag.false.rawValue)
        case .int(let integer):
            byte(ValueTag.int.rawValue)
            self.integer(integer)
        case .decimal(let decimal): self.decimal(decimal)
        case .string(let text):
            byte(ValueTag.string.rawValue)
            string(text)
        case .list(let items):
            byte(ValueTag.list.rawValue)
            varint(UInt64(items.count))
            for item in items { self.value(item) }
        case .record(let fields):
            byte(ValueTag.record.rawValue)
            varint(UInt64(fields.count))
            for field in fields { self.value(field) }
        }
    }

    mutating func decimal(_ decimal: Decimal) {
        if let parts = DecimalCoding.parts(of: decimal) {
            byte(ValueTag.decimal.rawValue)
            // Bit 0: negative; bit 1: a high word follows.
            byte((parts.negative ? 1 : 0) | (parts.high != 0 ? 2 : 0))
            byte(UInt8(bitPattern: parts.exponent))
            varint(parts.low)
            if parts.high != 0 { varint(parts.high) }
        } else if decimal.isNaN {
            byte(ValueTag.decimalNaN.rawValue)
        } else {
            byte(ValueTag.decimalText.rawValue)
            string(decimal.description)
        }
    }
}

extension BinaryReader {
    mutating func value(depth: Int = 0) throws(CodecError) -> Value {
        let tagByte = try byte()
        guard let tag = ValueTag(rawValue: tagByte) else { throw fail("unknown value tag \(tagByte)") }
        switch tag {
        case .false: return .bool(false)
        case .true: return .bool(true)
        case .int: return .int(try integer())
        case .decimal:
            let flags = try byte()
            guard flags & ~3 == 0 else { throw fail("decimal flags \(flags)") }
            let exponent = Int8(bitPattern: try byte())
            let low = try varint()
            let high = flags & 2 != 0 ? try varint() : 0
            if flags & 2 != 0, high == 0 { throw fail("decimal with an empty high word") }
            return .decimal(DecimalCoding.decimal(.init(negative: flags & 1 != 0, exponent: exponent, low: low, high: high)))
        case .decimalText:
            let text = try string()
            guard let decimal = Decimal(string: text), !decimal.isNaN else { throw fail("decimal text '\(text)'") }
            return .decimal(decimal)
        case .decimalNaN: return .decimal(.nan)
        case .string: return .string(try string())
        case .list, .record:
            guard depth < maximumValueDepth else { throw fail("values nested deeper than \(maximumValueDepth)") }
            let count = try count()
            var items: [Value] = []
            items.reserveCapacity(count)
            for _ in 0..<count { items.append(try value(depth: depth + 1)) }
            return tag == .list ? .list(items) : .record(items)
        }
    }
}
