import Foundation
import GRDB

/// The cursor of a listing of traversals, page by page: opaque text that resumes the scan
/// where the page before stopped (`ScanPlace`), so page n reads about a page of the log,
/// not n pages.
///
/// ```swift
/// let cursor = try TraversalCursor(after: place, selection: text.stated, in: store)
/// print(cursor.text)                         // "tc2.AAAAAAAAAG4..."
/// let place = try TraversalCursor(text: given, selection: text.stated).place(in: store)
/// ```
///
/// It holds the place, the first 8 bytes of the hash of the end record there (the log's
/// hash chain makes them the store's own), a digest of the selection it was listed with,
/// and a checksum. A cursor of another store, of another selection, or changed by hand is
/// refused (`TraversalCursor.Invalid`); the checksum keeps out accidents, not a forger (a
/// forged cursor can only name a place of the same log, which the key may read anyway).
public struct TraversalCursor: Sendable, Hashable {
    /// Where the page ended.
    public let place: ScanPlace
    private let endHash: UInt64
    private let selection: UInt64

    /// Why a cursor was refused; `description` says it for the client.
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public let text: String
        public let problem: String
        public var description: String { "'\(text)' is not a cursor of this listing: \(problem)" }
    }

    private static let prefix = "tc2."

    /// The cursor after `place`, for a listing of the selection stated as `selection`.
    /// - Throws: `AuditError.database` when the store does not read.
    public init(after place: ScanPlace, selection: String, in store: AuditStore) throws {
        self.place = place
        self.selection = Self.digest(Array(selection.utf8))
        endHash = try Self.endHash(at: place.end, in: store) ?? 0
    }

    /// Reads a cursor's text (not yet checked against a store: `place(in:)`).
    public init(text: String, selection: String) throws(Invalid) {
        var base64 = String(text.dropFirst(Self.prefix.count)).replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard text.hasPrefix(Self.prefix), let data = Data(base64Encoded: base64), data.count == 32 else {
            throw Invalid(text: text, problem: "give the `next` of the page before")
        }
        let bytes = Array(data)
        func word(_ index: Int) -> UInt64 { bytes[index * 8..<index * 8 + 8].reduce(0) { $0 << 8 | UInt64($1) } }
        guard word(3) == Self.digest(Array(bytes[0..<24])) else {
            throw Invalid(text: text, problem: "it was changed")
        }
        guard word(2) == Self.digest(Array(selection.utf8)) else {
            throw Invalid(text: text, problem: "it was given for another selection")
        }
        place = ScanPlace(end: Int64(bitPattern: word(0)))
        endHash = word(1)
        self.selection = word(2)
        guard place.end > 0 else {
            throw Invalid(text: text, problem: "it names no place in a log")
        }
    }

    /// The text to give back: base64url, no padding, safe in a query string as it is.
    public var text: String {
        var bytes: [UInt8] = []
        for word in [UInt64(bitPattern: place.end), endHash, selection] {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        let check = Self.digest(bytes)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: check >> UInt64(shift))) }
        return Self.prefix
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The place to resume from, once the store confirms it: its end record is a session's
    /// end with the hash the cursor holds.
    /// - Throws: `Invalid` for a cursor of another store; `AuditError.database` when the
    ///   store does not read.
    public func place(in store: AuditStore) throws -> ScanPlace {
        guard let hash = try Self.endHash(at: place.end, in: store), hash == endHash else {
            throw Invalid(text: text, problem: "it names no session's end in this store")
        }
        return place
    }

    /// The first 8 bytes of the hash of the record at `rowid`, if it ends a session.
    private static func endHash(at rowid: Int64, in store: AuditStore) throws -> UInt64? {
        try store.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT depth, outcome IS NOT NULL, hash FROM traversal_log WHERE rowid = ?", arguments: [rowid]),
                row[0] as Int64 == 0, row[1] as Bool, let hash = row[2] as Data?, hash.count >= 8
            else { return nil }
            return hash.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
        }
    }

    /// FNV-1a, 64 bits: a stable digest (Swift's `Hasher` is seeded per process).
    private static func digest(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
