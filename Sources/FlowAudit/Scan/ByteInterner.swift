/// Byte strings interned as small integers without making a `String`: the scanner's
/// per-row text columns (flow, version, states, trigger, actor...) are looked up by their
/// bytes as SQLite hands them over, so a name seen before costs a hash and a compare.
///
/// Open addressing over a power-of-two table; the bytes of every name sit one after
/// another in one arena.
struct ByteInterner {
    private struct Slot {
        var hash: UInt64
        var offset: Int32
        var length: Int32
        /// -1: empty.
        var id: Int32
    }

    private var slots: [Slot]
    private var mask: Int
    private var arena: [UInt8] = []
    /// Where each id's bytes are in the arena.
    private var spans: [(offset: Int32, length: Int32)] = []

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(hash: 0, offset: 0, length: 0, id: -1), count: size)
        mask = size - 1
        arena.reserveCapacity(capacity * 16)
    }

    var count: Int { spans.count }

    /// The id of these bytes, interning them when new; `isNew` tells the caller to fill its
    /// side tables.
    @inline(__always)
    mutating func id(_ bytes: UnsafeRawBufferPointer, isNew: inout Bool) -> Int32 {
        let hash = Self.hash(bytes)
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot.id < 0 { break }
            if slot.hash == hash, Int(slot.length) == bytes.count, equal(slot.offset, bytes) {
                isNew = false
                return slot.id
            }
            index = (index + 1) & mask
        }
        let id = Int32(spans.count)
        let offset = Int32(arena.count)
        arena.append(contentsOf: bytes)
        spans.append((offset, Int32(bytes.count)))
        slots[index] = Slot(hash: hash, offset: offset, length: Int32(bytes.count), id: id)
        isNew = true
        if spans.count * 2 > slots.count { grow() }
        return id
    }

    /// The bytes of an id, as a String (for side tables and messages; not the hot path).
    func string(_ id: Int32) -> String {
        let span = spans[Int(id)]
        return arena.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(span.offset)..<Int(span.offset + span.length)]), as: UTF8.self)
        }
    }

    @inline(__always)
    private func equal(_ offset: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return true }
        return arena.withUnsafeBytes { arena in
            let stored = UnsafeRawPointer(arena.baseAddress! + Int(offset))
            let count = bytes.count
            // Names of 8-16 bytes (most states, triggers and units): two overlapping words, no call.
            if count >= 8, count <= 16 {
                return stored.loadUnaligned(as: UInt64.self) == base.loadUnaligned(as: UInt64.self)
                    && stored.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                        == base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            }
            return memcmp(stored, base, count) == 0
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var grown = Array(repeating: Slot(hash: 0, offset: 0, length: 0, id: -1), count: size)
        let newMask = size - 1
        for slot in slots where slot.id >= 0 {
            var index = Int(truncatingIfNeeded: slot.hash) & newMask
            while grown[index].id >= 0 { index = (index + 1) & newMask }
            grown[index] = slot
        }
        slots = grown
        mask = newMask
    }

    /// A multiply-mix of three 8-byte words (the first, the middle and the last) and the
    /// length: names that differ anywhere short, or early or late in a long name (version
    /// hashes differ everywhere), spread; equal hashes are still compared byte by byte.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var hash = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        @inline(__always) func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
        }
        if count >= 8 {
            mix(bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
            mix(bytes.loadUnaligned(fromByteOffset: count / 2 - 4, as: UInt64.self))
            mix(bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
        } else {
            var word: UInt64 = 0
            for index in 0..<count { word |= UInt64(bytes[index]) << UInt64(index * 8) }
            mix(word)
        }
        return hash ^ (hash >> 29)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
