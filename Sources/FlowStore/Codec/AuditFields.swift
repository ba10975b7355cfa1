import FlowRuntime
import GRDB

/// The fields of a traversal record that the audit reads for each step, packed into one
/// blob (the log's `audit_fields` column), so that a scan of the log asks SQLite for one
/// column a record instead of some twenty (docs/auditing.md, "The packed audit fields").
///
/// The columns stay the record: they are what the hash chain covers, what exports and
/// queries read. This is a second copy of some of them, written in the same row by the
/// same insert, and `flowmap log verify` checks that it matches them (a packed copy that
/// disagreed with its columns would change the audit's figures without breaking a chain).
///
/// Format 1, in order: the format byte (1); a flags byte (bit 0: the record names the
/// designed transition it took, i.e. `origin` is not NULL; bit 1: it has no from state, a
/// start record; bit 2: it has an outcome); unsigned LEB128 varints of depth and sequence;
/// zigzag varints of `entered_at` and of `left_at - entered_at`; then nine texts, each a
/// varint of its UTF-8 length plus one (0 for NULL) and its bytes: from, to, trigger,
/// event, reason, actor, role, org unit, outcome. The flags and the head come first so
/// that a reader learns what a row is without reading its texts.
public enum AuditFields {
    public static let format: UInt8 = 1
    public static let tookTransition: UInt8 = 1
    public static let start: UInt8 = 2
    public static let ended: UInt8 = 4

    /// Whether the store's log has the `audit_fields` column (stores of schema v2 on; rows
    /// written before the store was migrated hold NULL there).
    public static func areStored(in db: Database) throws -> Bool {
        try db.columns(in: "traversal_log").contains { $0.name == "audit_fields" }
    }

    /// The packed fields of a record, appended to `bytes`.
    public static func encode(
        sequence: Int64, depth: Int, tookTransition: Bool, enteredAt: Int64, leftAt: Int64, from: String?, to: String?,
        trigger: String, event: String?, reason: String?, actor: String?, role: String?, orgUnit: String?,
        outcome: String?, into bytes: inout [UInt8]
    ) {
        bytes.append(format)
        bytes.append(
            (tookTransition ? Self.tookTransition : 0) | (from == nil ? Self.start : 0) | (outcome != nil ? Self.ended : 0))
        varint(UInt64(bitPattern: Int64(depth)), &bytes)
        varint(UInt64(bitPattern: sequence), &bytes)
        varint(zigzag(enteredAt), &bytes)
        varint(zigzag(leftAt &- enteredAt), &bytes)
        @inline(__always) func text(_ text: String?) {
            guard let text else { return bytes.append(0) }
            let utf8 = text.utf8
            varint(UInt64(utf8.count) + 1, &bytes)
            bytes.append(contentsOf: utf8)
        }
        text(from)
        text(to)
        text(trigger)
        text(event)
        text(reason)
        text(actor)
        text(role)
        text(orgUnit)
        text(outcome)
    }

    /// The packed fields of a log record as the columns hold them.
    public static func encode(_ record: LogRecord) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(96)
        encode(record, into: &bytes)
        return bytes
    }

    /// The packed fields of a log record as the columns hold them, appended to `bytes`.
    public static func encode(_ record: LogRecord, into bytes: inout [UInt8]) {
        encode(
            sequence: record.sequence, depth: record.depth, tookTransition: record.origin != nil,
            enteredAt: record.enteredAt, leftAt: record.leftAt, from: record.from, to: record.to, trigger: record.trigger,
            event: record.event, reason: record.reason, actor: record.actor, role: record.role, orgUnit: record.orgUnit,
            outcome: record.outcome, into: &bytes)
    }

    /// The packed fields of a record as the engine made it.
    public static func encode(_ record: TraversalRecord, into bytes: inout [UInt8]) {
        let trigger = record.trigger
        encode(
            sequence: record.sequence, depth: record.depth, tookTransition: trigger.origin != nil,
            enteredAt: record.enteredAt, leftAt: record.leftAt, from: record.from, to: record.to,
            trigger: trigger.kind.rawValue, event: trigger.event, reason: trigger.reason, actor: record.actor?.id,
            role: record.actor?.role, orgUnit: record.actor?.orgUnit, outcome: record.outcome?.rawValue, into: &bytes)
    }

    @inlinable @inline(__always)
    static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    @inlinable @inline(__always)
    static func unzigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    @inline(__always)
    static func varint(_ value: UInt64, _ bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}

/// The head of a record's packed audit fields (`AuditFields`): its flags and numbers, read
/// without its texts; `texts(in:)` then steps through those in order, in place.
///
/// ```swift
/// guard let head = AuditFieldsHead(blob) else { throw ... }   // nil: not format 1, or cut short
/// if head.isStart { ... }
/// var texts = head.texts(in: blob)
/// guard case .some(let from) = texts.next() else { throw ... } // nil: does not read; .some(nil): NULL
/// ```
@frozen
public struct AuditFieldsHead {
    public var flags: UInt8
    public var depth: Int
    public var sequence: Int64
    public var enteredAt: Int64
    public var leftAt: Int64
    /// Where the texts begin.
    public var textsOffset: Int

    @inlinable @inline(__always)
    public init?(_ blob: UnsafeRawBufferPointer) {
        guard let base = blob.baseAddress, blob.count >= 15, base.load(as: UInt8.self) == AuditFields.format else {
            return nil
        }
        var reader = AuditFieldsReader(base: base, at: 2, end: blob.count)
        guard let depth = reader.varint(), let sequence = reader.varint(), let entered = reader.varint(),
            let duration = reader.varint()
        else { return nil }
        flags = base.load(fromByteOffset: 1, as: UInt8.self)
        self.depth = Int(truncatingIfNeeded: Int64(bitPattern: depth))
        self.sequence = Int64(bitPattern: sequence)
        enteredAt = AuditFields.unzigzag(entered)
        leftAt = enteredAt &+ AuditFields.unzigzag(duration)
        textsOffset = reader.at
    }

    @inlinable public var tookTransition: Bool { flags & AuditFields.tookTransition != 0 }
    /// A start record: it enters the flow's start state from no state.
    @inlinable public var isStart: Bool { flags & AuditFields.start != 0 }
    /// The record has an outcome (a depth-0 one ends its session).
    @inlinable public var hasOutcome: Bool { flags & AuditFields.ended != 0 }

    /// The texts, from the first (from state) on.
    @inlinable
    public func texts(in blob: UnsafeRawBufferPointer) -> AuditFieldsReader {
        AuditFieldsReader(base: blob.baseAddress!, at: textsOffset, end: blob.count)
    }
}

/// Steps through a packed blob's varints and texts, in place.
@frozen
public struct AuditFieldsReader {
    @usableFromInline let base: UnsafeRawPointer
    @usableFromInline let end: Int
    @usableFromInline var at: Int

    @inlinable
    init(base: UnsafeRawPointer, at: Int, end: Int) {
        self.base = base
        self.at = at
        self.end = end
    }

    /// Whether every byte has been read.
    @inlinable public var isAtEnd: Bool { at == end }

    /// An unsigned LEB128 varint; nil when cut short or over 64 bits.
    @inlinable @inline(__always)
    mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while at < end {
            let byte = base.load(fromByteOffset: at, as: UInt8.self)
            at += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    /// The next text: `.some(nil)` for NULL, `.some(bytes)`, or nil when it does not read.
    @inlinable @inline(__always)
    public mutating func next() -> UnsafeRawBufferPointer?? {
        guard at < end else { return nil }
        let first = base.load(fromByteOffset: at, as: UInt8.self)
        let marker: UInt64
        if first < 0x80 {
            // One byte: names shorter than 127 bytes, the common case.
            at += 1
            marker = UInt64(first)
        } else {
            guard let long = varint() else { return nil }
            marker = long
        }
        if marker == 0 { return .some(nil) }
        guard marker - 1 <= UInt64(end - at) else { return nil }
        let bytes = UnsafeRawBufferPointer(start: base + at, count: Int(marker - 1))
        at += Int(marker - 1)
        return .some(bytes)
    }
}
