/// Why bytes could not be decoded: they are not what the codec wrote.
public struct CodecError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    /// The byte offset where decoding stopped.
    public var offset: Int

    public var description: String { "malformed stored value at byte \(offset): \(reason)" }
}

/// Reads the codec's primitives from bytes, checking every length against what is left,
/// so that malformed input throws and never reads out of bounds or allocates without limit.
struct BinaryReader {
    private let base: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ base: UnsafeRawBufferPointer) {
        self.base = base
    }

    var remaining: Int { base.count - position }
    var isAtEnd: Bool { position == base.count }

    func fail(_ reason: String) -> CodecError { CodecError(reason: reason, offset: position) }

    @inline(__always)
    mutating func byte() throws(CodecError) -> UInt8 {
        guard position < base.count else { throw fail("unexpected end") }
        defer { position += 1 }
        return base[position]
    }

    @inline(__always)
    mutating func varint() throws(CodecError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            if shift == 63, next > 1 { throw fail("varint overflows 64 bits") }
            result |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return result }
            shift += 7
        }
    }

    @inline(__always)
    mutating func integer() throws(CodecError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A varint that must fit `T`.
    mutating func unsigned<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws(CodecError) -> T {
        let raw = try varint()
        guard let value = T(exactly: raw) else { throw fail("\(raw) does not fit \(T.self)") }
        return value
    }

    /// A signed integer that must fit `T`.
    mutating func signed<T: FixedWidthInteger & SignedInteger>(_: T.Type) throws(CodecError) -> T {
        let raw = try integer()
        guard let value = T(exactly: raw) else { throw fail("\(raw) does not fit \(T.self)") }
        return value
    }

    /// A count of elements that each take at least `minimumSize` bytes: bounded by what is left.
    mutating func count(minimumSize: Int = 1) throws(CodecError) -> Int {
        let raw = try varint()
        guard raw <= UInt64(remaining / max(minimumSize, 1)) else { throw fail("count \(raw) exceeds the bytes left") }
        return Int(raw)
    }

    mutating func bytes(_ count: Int) throws(CodecError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else { throw fail("length \(count) exceeds the bytes left") }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: base[position..<position + count])
    }

    mutating func string() throws(CodecError) -> String {
        let length = try count()
        return try text(length)
    }

    mutating func optionalString() throws(CodecError) -> String? {
        let raw = try varint()
        if raw == 0 { return nil }
        guard raw - 1 <= UInt64(remaining) else { throw fail("length \(raw - 1) exceeds the bytes left") }
        return try text(Int(raw - 1))
    }

    mutating func optionalInteger() throws(CodecError) -> Int64? {
        switch try byte() {
        case 0: return nil
        case 1: return try integer()
        case let tag: throw fail("optional tag \(tag)")
        }
    }

    private mutating func text(_ length: Int) throws(CodecError) -> String {
        let start = position
        let utf8 = try bytes(length)
        guard let text = String(validating: utf8.assumingMemoryBound(to: UInt8.self), as: UTF8.self) else {
            position = start
            throw fail("invalid UTF-8")
        }
        return text
    }
}
