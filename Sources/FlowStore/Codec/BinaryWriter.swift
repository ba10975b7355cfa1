/// Appends the codec's primitives to a byte buffer: LEB128 varints, zigzag integers and
/// length-prefixed UTF-8 strings.
struct BinaryWriter {
    var bytes: [UInt8]

    init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// An unsigned LEB128 varint: 7 bits a byte, low bits first.
    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// A signed integer, zigzag-mapped so that small negative numbers stay short.
    @inline(__always)
    mutating func integer(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// An optional string: its length plus one, or 0 for nil.
    mutating func optionalString(_ text: String?) {
        guard var text else {
            bytes.append(0)
            return
        }
        text.withUTF8 { utf8 in
            varint(UInt64(utf8.count) + 1)
            bytes.append(contentsOf: utf8)
        }
    }

    /// An optional integer: 0 for nil, else 1 and the value.
    mutating func optionalInteger(_ value: Int64?) {
        guard let value else {
            bytes.append(0)
            return
        }
        bytes.append(1)
        integer(value)
    }
}
