import Crypto
import Foundation

/// The traversal log's hash chain: each record's hash covers its own fields and the hash
/// of the session's record before it, so a changed, removed or reordered record breaks
/// every hash after it. `flowmap log verify` recomputes the chain from the stored fields.
///
/// The bytes hashed are `previous` and the record's fields in a fixed order (see
/// `hash(_:previous:)`), each text written as its length (4 bytes, big-endian) and its UTF-8
/// bytes, or the single byte 0xFF when absent, and each number as 8 bytes, big-endian: so no
/// field can bleed into the next. `CanonicalBytes` writes that form; the store lays records
/// out in it once and binds their texts from the same bytes it hashes.
public enum RecordHashing {
    /// The hash before a session's first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 over `previous` and the record's fields, in hex (64 lowercase digits).
    public static func hash(_ record: LogRecord, previous: String) -> String {
        var bytes = CanonicalBytes(capacity: 512)
        defer { bytes.deallocate() }
        _ = bytes.text(previous)
        _ = bytes.text(record.session)
        bytes.number(record.sequence)
        _ = bytes.text(record.journey)
        _ = bytes.text(record.contactPoint)
        _ = bytes.text(record.flow)
        _ = bytes.text(record.version)
        bytes.number(Int64(record.depth))
        _ = bytes.text(record.from)
        _ = bytes.text(record.to)
        _ = bytes.text(record.trigger)
        _ = bytes.text(record.event)
        _ = bytes.text(record.guardText)
        _ = bytes.text(record.origin)
        _ = bytes.text(record.reason)
        _ = bytes.text(record.actor)
        _ = bytes.text(record.role)
        _ = bytes.text(record.orgUnit)
        _ = bytes.text(record.channel)
        bytes.number(record.enteredAt)
        bytes.number(record.leftAt)
        _ = bytes.text(record.outcome)
        _ = bytes.text(record.changes)
        _ = bytes.text(record.note)
        return String(unsafeUninitializedCapacity: 64) { hex in
            SHA256.hash(data: bytes.buffer).writeHex(to: UnsafeMutableRawPointer(hex.baseAddress!))
            return 64
        }
    }

    /// The hash of a record whose fields (everything after `previous`, in canonical form)
    /// lie in `fields`, after the 64 hex digits at `previous`; writes 64 hex digits to `hex`.
    /// The same digest as `hash(_:previous:)` gives for that record and previous hash.
    public static func hash(
        fields: UnsafeRawBufferPointer, previous: UnsafeRawPointer, into hex: UnsafeMutableRawPointer
    ) {
        var hasher = SHA256()
        withUnsafeTemporaryAllocation(byteCount: 68, alignment: 1) { head in
            // field(previous): its length, 64, then its digits.
            head.storeBytes(of: UInt32(64).bigEndian, toByteOffset: 0, as: UInt32.self)
            head.baseAddress!.advanced(by: 4).copyMemory(from: previous, byteCount: 64)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(head))
        }
        hasher.update(bufferPointer: fields)
        hasher.finalize().writeHex(to: hex)
    }

    /// Chains records of one session, continuing from `previous`.
    public static func chain(_ records: [LogRecord], after previous: String) -> [LogRecord] {
        var previous = previous
        return records.map { record in
            var chained = record
            chained.previousHash = previous
            chained.hash = hash(record, previous: previous)
            previous = chained.hash
            return chained
        }
    }

    /// Writes 32 bytes as 64 lowercase hex digits.
    public static func writeHex(_ bytes: UnsafeRawBufferPointer, to hex: UnsafeMutableRawPointer) {
        let out = hex.assumingMemoryBound(to: UInt8.self)
        for (index, byte) in bytes.enumerated() {
            out[2 * index] = hexDigit(byte >> 4)
            out[2 * index + 1] = hexDigit(byte & 0x0F)
        }
    }

    /// Reads 64 hex digits (either case) into 32 bytes; false when they are not hex.
    public static func readHex(_ hex: UnsafeRawBufferPointer, to bytes: UnsafeMutableRawPointer) -> Bool {
        guard hex.count == 64 else { return false }
        let out = bytes.assumingMemoryBound(to: UInt8.self)
        for index in 0..<32 {
            guard let high = hexValue(hex[2 * index]), let low = hexValue(hex[2 * index + 1]) else { return false }
            out[index] = high << 4 | low
        }
        return true
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x57 + nibble
    }

    @inline(__always)
    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 0x30...0x39: digit - 0x30
        case 0x61...0x66: digit - 0x57
        case 0x41...0x46: digit - 0x37
        default: nil
        }
    }
}

extension Digest {
    /// Writes the digest as 64 lowercase hex digits.
    func writeHex(to hex: UnsafeMutableRawPointer) {
        withUnsafeBytes { RecordHashing.writeHex($0, to: hex) }
    }
}

/// A record's fields in the canonical form the hash covers, laid end to end in one growing
/// block of memory: texts as a 4-byte big-endian length and their UTF-8 bytes (0xFF alone
/// when absent), numbers as 8 bytes big-endian.
///
/// ```swift
/// var bytes = CanonicalBytes(capacity: 512)
/// let session = bytes.text(record.session)   // where the text's own bytes lie
/// bytes.number(record.sequence)
/// ```
///
/// The owner frees the memory: `deallocate()`, or `take()` to keep it.
public struct CanonicalBytes {
    public private(set) var start: UnsafeMutableRawPointer
    public private(set) var count = 0
    private var capacity: Int

    public init(capacity: Int) {
        self.capacity = max(capacity, 16)
        start = .allocate(byteCount: self.capacity, alignment: 8)
    }

    /// The bytes written so far.
    public var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }

    /// Writes a text field; returns where its UTF-8 bytes start and how many there are
    /// (-1 when absent: the field is the single byte 0xFF).
    @discardableResult
    public mutating func text(_ text: String?) -> (offset: Int, length: Int) {
        guard var text else {
            reserve(1)
            start.storeBytes(of: 0xFF, toByteOffset: count, as: UInt8.self)
            count += 1
            return (count, -1)
        }
        return text.withUTF8 { utf8 in
            reserve(4 + utf8.count)
            start.storeBytes(of: UInt32(utf8.count).bigEndian, toByteOffset: count, as: UInt32.self)
            count += 4
            let offset = count
            if let base = utf8.baseAddress { (start + count).copyMemory(from: base, byteCount: utf8.count) }
            count += utf8.count
            return (offset, utf8.count)
        }
    }

    /// Writes a number field.
    public mutating func number(_ value: Int64) {
        reserve(8)
        start.storeBytes(of: value.bigEndian, toByteOffset: count, as: Int64.self)
        count += 8
    }

    /// Appends bytes that are not a field (a store keeps other data in the same block).
    public mutating func raw(_ bytes: UnsafeRawBufferPointer) -> Int {
        reserve(bytes.count)
        let offset = count
        if let base = bytes.baseAddress { (start + count).copyMemory(from: base, byteCount: bytes.count) }
        count += bytes.count
        return offset
    }

    /// Hands the memory over to the caller, who deallocates it.
    public func take() -> UnsafeMutableRawPointer { start }

    public func deallocate() { start.deallocate() }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var grown = capacity * 2
        while grown < count + extra { grown *= 2 }
        let moved = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 8)
        moved.copyMemory(from: start, byteCount: count)
        start.deallocate()
        start = moved
        capacity = grown
    }
}
