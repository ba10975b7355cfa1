import FlowModel
import FlowRuntime
import Foundation

/// Where a text or blob sits in a step's byte arena; `length` -1 stands for SQL NULL.
struct Span {
    var offset: Int32
    var length: Int32

    static let null = Span(offset: 0, length: -1)
}

/// A `StepCommit` made ready for the writer by the committing task, off the writer's
/// thread: the state and receipt encoded, each record laid out once in the canonical form
/// its hash covers (`CanonicalBytes`), and, when the session's last hash is known, chained.
/// Everything lies in one block of memory that the writer binds without copying: a
/// record's texts are bound from the very bytes that were hashed.
final class PreparedStep: @unchecked Sendable {
    // Written once by the committing task before the step is queued; afterwards only the
    // writer thread touches it (the hashes, when it has to chain the records itself).

    let session: String
    let isActive: Bool
    let status: StaticString
    let timers: [ArmedTimer]
    /// The sequence the step must continue from: its first record's, or the session's next
    /// when it has no records.
    let firstSequence: Int64
    let lastSequence: Int64
    let recordCount: Int
    /// The event id, for error messages and the receipt's key.
    let event: String?

    /// The hash the records were chained after, or nil when the writer must chain them.
    private(set) var chainedAfter: String?

    /// Texts, blobs and the records' canonical fields, bound in place.
    private let arena: UnsafeMutableRawPointer
    let sessionSpan: Span
    let stateSpan: Span
    let eventSpan: Span
    let receiptSpan: Span
    /// Each record's canonical fields (what its hash covers after the previous hash).
    let fieldSpans: [Span]
    /// `textColumnCount` spans per record, inside its canonical fields.
    let recordSpans: [Span]
    /// Sequence, depth, entered and left time of each record.
    let recordIntegers: [Int64]
    /// Each record's packed audit fields (`AuditFields`), after its canonical fields.
    let auditSpans: [Span]
    /// The chain as hex digits, 64 per hash: the hash before the first record, then each
    /// record's. Record `i`'s previous hash is entry `i`, its own entry `i + 1`.
    private let hexChain: UnsafeMutableRawPointer
    /// The same hashes as 32 bytes each, as the log stores them.
    private let rawChain: UnsafeMutableRawPointer

    static let textColumnCount = 19

    init(_ step: StepCommit, chainHeads: ChainHeads) throws(StoreError) {
        let state = step.session
        session = state.id
        isActive = state.isActive
        status = Self.statusText(state.status)
        timers = state.isActive ? state.timers : []
        let records = step.records
        recordCount = records.count
        event = step.receipt?.event

        // The records must continue each other and the session's next sequence.
        if let first = records.first {
            firstSequence = first.sequence
            for (offset, record) in records.enumerated() {
                guard record.sequence == first.sequence + Int64(offset) else {
                    throw .sequenceGap(session: state.id, expected: first.sequence + Int64(offset), found: record.sequence)
                }
                guard record.session == state.id else {
                    throw .unavailable("a record of session \(record.session) was committed with session \(state.id)")
                }
            }
            lastSequence = first.sequence + Int64(records.count) - 1
            guard state.nextSequence == lastSequence + 1 else {
                throw .sequenceGap(session: state.id, expected: lastSequence + 1, found: state.nextSequence)
            }
        } else {
            firstSequence = state.nextSequence
            lastSequence = state.nextSequence - 1
        }

        var layout = CanonicalBytes(capacity: 1024 + 480 * records.count)
        // Offset 0 holds a byte so that an empty text is never bound at a null address.
        _ = withUnsafeBytes(of: UInt8(0)) { layout.raw($0) }
        sessionSpan = layout.span(state.id)
        stateSpan = layout.span(SessionStateCodec.encode(state))
        if let receipt = step.receipt {
            eventSpan = layout.span(receipt.event)
            receiptSpan = layout.span(ReceiptCodec.encode(receipt))
        } else {
            eventSpan = .null
            receiptSpan = .null
        }
        var fields: [Span] = []
        fields.reserveCapacity(records.count)
        var spans: [Span] = []
        spans.reserveCapacity(records.count * Self.textColumnCount)
        var integers: [Int64] = []
        integers.reserveCapacity(records.count * 4)
        var audits: [Span] = []
        audits.reserveCapacity(records.count)
        var packed: [UInt8] = []
        packed.reserveCapacity(128)
        for record in records {
            let begin = layout.count
            Self.layOut(record, &layout, &spans)
            fields.append(Span(offset: Int32(begin), length: Int32(layout.count - begin)))
            packed.removeAll(keepingCapacity: true)
            AuditFields.encode(record, into: &packed)
            audits.append(layout.span(packed))
            integers.append(record.sequence)
            integers.append(Int64(record.depth))
            integers.append(record.enteredAt)
            integers.append(record.leftAt)
        }
        fieldSpans = fields
        recordSpans = spans
        recordIntegers = integers
        auditSpans = audits
        arena = layout.take()

        hexChain = .allocate(byteCount: 64 * (records.count + 1), alignment: 8)
        rawChain = .allocate(byteCount: 32 * (records.count + 1), alignment: 8)
        // Chain here, on the committing task's core, when the hash to continue from is
        // known; the writer checks it against the stored chain before using it.
        let previous: String? =
            firstSequence == 1 ? RecordHashing.genesis : chainHeads.hash(of: state.id, at: firstSequence - 1)
        if let previous, records.count > 0, (try? chain(after: previous)) != nil {
            chainedAfter = previous
        }
    }

    deinit {
        arena.deallocate()
        hexChain.deallocate()
        rawChain.deallocate()
    }

    /// Writes a record's fields in the order `RecordHashing.hash(_:previous:)` hashes a
    /// `LogRecord`'s (after the previous hash), noting where each text column lies.
    private static func layOut(_ record: TraversalRecord, _ layout: inout CanonicalBytes, _ spans: inout [Span]) {
        func text(_ text: String?) {
            let (offset, length) = layout.text(text)
            spans.append(Span(offset: Int32(offset), length: Int32(length)))
        }
        let trigger = record.trigger
        let actor = record.actor
        text(record.session)
        layout.number(record.sequence)
        text(record.journey)
        text(record.contactPoint)
        text(record.flow)
        text(record.version)
        layout.number(Int64(record.depth))
        text(record.from)
        text(record.to)
        text(trigger.kind.rawValue)
        text(trigger.event)
        text(trigger.guardText)
        text(trigger.origin?.description)
        text(trigger.reason)
        text(actor?.id)
        text(actor?.role)
        text(actor?.orgUnit)
        text(record.channel)
        layout.number(record.enteredAt)
        layout.number(record.leftAt)
        text(record.outcome?.rawValue)
        text(record.changes.isEmpty ? "" : record.changes.map(\.text).joined(separator: "; "))
        text(record.note)
    }

    @inline(__always)
    func pointer(_ span: Span) -> UnsafeRawPointer { UnsafeRawPointer(arena + Int(span.offset)) }

    /// Record `index`'s previous hash and hash, 32 bytes each.
    func previousHash(_ index: Int) -> UnsafeRawPointer { UnsafeRawPointer(rawChain + 32 * index) }
    func hash(_ index: Int) -> UnsafeRawPointer { UnsafeRawPointer(rawChain + 32 * (index + 1)) }

    /// The last record's hash, as hex digits.
    func lastHash() -> String {
        String(decoding: UnsafeRawBufferPointer(start: hexChain + 64 * recordCount, count: 64), as: UTF8.self)
    }

    /// Chains the records after `previous` (on the writer when the committing task could
    /// not). Throws when `previous` (read from the sessions table) is not a SHA-256 in hex.
    func chain(after previous: String) throws(StoreError) {
        var previous = previous
        let valid = previous.withUTF8 { utf8 -> Bool in
            guard RecordHashing.readHex(UnsafeRawBufferPointer(utf8), to: rawChain) else { return false }
            hexChain.copyMemory(from: utf8.baseAddress!, byteCount: 64)
            return true
        }
        guard valid else { throw .unavailable("session \(session): its stored last hash '\(previous)' is not a SHA-256") }
        chainedAfter = previous
        for index in 0..<recordCount {
            let span = fieldSpans[index]
            let hex = hexChain + 64 * (index + 1)
            RecordHashing.hash(
                fields: UnsafeRawBufferPointer(start: arena + Int(span.offset), count: Int(span.length)),
                previous: hexChain + 64 * index, into: hex)
            _ = RecordHashing.readHex(UnsafeRawBufferPointer(start: hex, count: 64), to: rawChain + 32 * (index + 1))
        }
    }

    static func statusText(_ status: SessionState.Status) -> StaticString {
        switch status {
        case .active: "active"
        case .ended(.resolved): "resolved"
        case .ended(.transferred): "transferred"
        case .ended(.abandoned): "abandoned"
        case .ended(.escalated): "escalated"
        case .ended(.failed): "failed"
        }
    }

    static func timerKindText(_ kind: TimerKind) -> StaticString {
        switch kind {
        case .input: "input"
        case .operation: "operation"
        case .sla: "sla"
        case .flow: "flow"
        }
    }
}

extension CanonicalBytes {
    /// Appends a text (not as a field: no length before it) and returns where it lies.
    mutating func span(_ text: String) -> Span {
        var text = text
        return text.withUTF8 { span(UnsafeRawBufferPointer($0)) }
    }

    mutating func span(_ data: [UInt8]) -> Span {
        data.withUnsafeBytes { span($0) }
    }

    private mutating func span(_ data: UnsafeRawBufferPointer) -> Span {
        if data.isEmpty { return Span(offset: 0, length: 0) }
        return Span(offset: Int32(raw(data)), length: Int32(data.count))
    }
}
