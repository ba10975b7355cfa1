import Crypto
import Foundation

/// The traversal log's hash chain: each record's hash covers its own fields and the hash
/// of the session's record before it, so a changed, removed or reordered record breaks
/// every hash after it. `flowmap log verify` recomputes the chain from the stored fields.
public enum RecordHashing {
    /// The hash before a session's first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 over `previous` and the record's fields in a fixed order, each written as
    /// its length and its UTF-8 bytes (so no field can bleed into the next), in hex.
    public static func hash(_ record: LogRecord, previous: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        func field(_ text: String?) {
            guard let text else {
                bytes.append(0xFF)
                return
            }
            let utf8 = Array(text.utf8)
            var count = UInt32(utf8.count).bigEndian
            withUnsafeBytes(of: &count) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
        func number(_ value: Int64) {
            var big = value.bigEndian
            withUnsafeBytes(of: &big) { bytes.append(contentsOf: $0) }
        }
        field(previous)
        field(record.session)
        number(record.sequence)
        field(record.journey)
        field(record.contactPoint)
        field(record.flow)
        field(record.version)
        number(Int64(record.depth))
        field(record.from)
        field(record.to)
        field(record.trigger)
        field(record.event)
        field(record.guardText)
        field(record.origin)
        field(record.reason)
        field(record.actor)
        field(record.role)
        field(record.orgUnit)
        field(record.channel)
        number(record.enteredAt)
        number(record.leftAt)
        field(record.outcome)
        field(record.changes)
        field(record.note)
        return SHA256.hash(data: bytes).hexString
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
}

extension Digest {
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(Self.byteCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
