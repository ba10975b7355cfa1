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
/// thread: the state and receipt encoded, the records flattened to `LogRecord`s and,
/// when the session's last hash is known, chained; every text laid out in one block of
/// memory that the writer binds without copying.
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

    let records: [LogRecord]
    /// The hash the records were chained after, or nil when the writer must chain them.
    let chainedAfter: String?

    /// Texts and blobs, bound in place.
    private let arena: UnsafeMutableRawPointer
    let sessionSpan: Span
    let stateSpan: Span
    let eventSpan: Span
    let receiptSpan: Span
    /// `textColumnCount` spans per record.
    let recordSpans: [Span]
    /// Sequence, depth, entered and left time of each record.
    let recordIntegers: [Int64]
    /// Previous hash and hash of each record, 64 hex digits each.
    let hashes: UnsafeMutablePointer<UInt8>

    static let textColumnCount = 19

    init(_ step: StepCommit, chainHeads: ChainHeads) throws(StoreError) {
        let state = step.session
        session = state.id
        isActive = state.isActive
        status = Self.statusText(state.status)
        timers = state.isActive ? state.timers : []
        recordCount = step.records.count
        event = step.receipt?.event

        // The records must continue each other and the session's next sequence.
        if let first = step.records.first {
            firstSequence = first.sequence
            for (offset, record) in step.records.enumerated() {
                guard record.sequence == first.sequence + Int64(offset) else {
                    throw .sequenceGap(session: state.id, expected: first.sequence + Int64(offset), found: record.sequence)
                }
                guard record.session == state.id else {
                    throw .unavailable("a record of session \(record.session) was committed with session \(state.id)")
                }
            }
            lastSequence = first.sequence + Int64(step.records.count) - 1
            guard state.nextSequence == lastSequence + 1 else {
                throw .sequenceGap(session: state.id, expected: lastSequence + 1, found: state.nextSequence)
            }
        } else {
            firstSequence = state.nextSequence
            lastSequence = state.nextSequence - 1
        }

        var flattened = step.records.map(\.logRecord)
        // Chain here, on the committing task's core, when the hash to continue from is
        // known; the writer checks it against the stored chain before using it.
        let previous: String? =
            firstSequence == 1 ? RecordHashing.genesis : chainHeads.hash(of: state.id, at: firstSequence - 1)
        if let previous, !flattened.isEmpty {
            flattened = RecordHashing.chain(flattened, after: previous)
        }
        chainedAfter = previous
        records = flattened

        var layout = ArenaLayout()
        sessionSpan = layout.text(state.id)
        let stateBytes = SessionStateCodec.encode(state)
        stateSpan = layout.bytes(stateBytes)
        if let receipt = step.receipt {
            eventSpan = layout.text(receipt.event)
            receiptSpan = layout.bytes(ReceiptCodec.encode(receipt))
        } else {
            eventSpan = .null
            receiptSpan = .null
        }
        var spans: [Span] = []
        spans.reserveCapacity(flattened.count * Self.textColumnCount)
        for record in flattened {
            spans.append(layout.text(record.session))
            spans.append(layout.text(record.journey))
            spans.append(layout.text(record.contactPoint))
            spans.append(layout.text(record.flow))
            spans.append(layout.text(record.version))
            spans.append(layout.text(record.from))
            spans.append(layout.text(record.to))
            spans.append(layout.text(record.trigger))
            spans.append(layout.text(record.event))
            spans.append(layout.text(record.guardText))
            spans.append(layout.text(record.origin))
            spans.append(layout.text(record.reason))
            spans.append(layout.text(record.actor))
            spans.append(layout.text(record.role))
            spans.append(layout.text(record.orgUnit))
            spans.append(layout.text(record.channel))
            spans.append(layout.text(record.outcome))
            spans.append(layout.text(record.changes))
            spans.append(layout.text(record.note))
        }
        recordSpans = spans
        var integers: [Int64] = []
        integers.reserveCapacity(flattened.count * 4)
        for record in flattened {
            integers.append(record.sequence)
            integers.append(Int64(record.depth))
            integers.append(record.enteredAt)
            integers.append(record.leftAt)
        }
        recordIntegers = integers
        arena = layout.finish()

        hashes = .allocate(capacity: max(flattened.count, 1) * 128)
        if previous != nil {
            for (index, record) in flattened.enumerated() {
                _ = setHashes(index, previous: record.previousHash, hash: record.hash)
            }
        }
    }

    deinit {
        arena.deallocate()
        hashes.deallocate()
    }

    @inline(__always)
    func pointer(_ span: Span) -> UnsafeRawPointer { UnsafeRawPointer(arena + Int(span.offset)) }

    func previousHash(_ index: Int) -> UnsafeRawPointer { UnsafeRawPointer(hashes + 128 * index) }
    func hash(_ index: Int) -> UnsafeRawPointer { UnsafeRawPointer(hashes + 128 * index + 64) }

    /// The last record's hash, as text.
    func lastHash() -> String {
        String(decoding: UnsafeBufferPointer(start: hashes + 128 * (recordCount - 1) + 64, count: 64), as: UTF8.self)
    }

    /// Chains the records after `previous`, on the writer, when the committing task could not.
    /// Throws when `previous` (read from the sessions table) is not a hash.
    func chain(after previous: String) throws(StoreError) {
        for (index, record) in RecordHashing.chain(records, after: previous).enumerated() {
            guard setHashes(index, previous: record.previousHash, hash: record.hash) else {
                throw .unavailable("session \(session): its stored last hash '\(previous)' is not a SHA-256")
            }
        }
    }

    /// Copies a record's hashes in; false when either is not 64 characters.
    private func setHashes(_ index: Int, previous: String, hash: String) -> Bool {
        var previous = previous
        var hash = hash
        let copied = previous.withUTF8 { utf8 in
            guard utf8.count == 64 else { return false }
            (hashes + 128 * index).update(from: utf8.baseAddress!, count: 64)
            return true
        }
        return copied && hash.withUTF8 { utf8 in
            guard utf8.count == 64 else { return false }
            (hashes + 128 * index + 64).update(from: utf8.baseAddress!, count: 64)
            return true
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

/// Lays texts and blobs end to end in a growing buffer, then hands over one allocation.
private struct ArenaLayout {
    var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(2048)
        // Offset 0 holds a byte so that an empty text is never bound at a null address.
        bytes.append(0)
    }

    mutating func text(_ text: String?) -> Span {
        guard var text else { return .null }
        return text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    mutating func bytes(_ data: [UInt8]) -> Span {
        data.withUnsafeBytes { append($0) }
    }

    private mutating func append(_ data: UnsafeRawBufferPointer) -> Span {
        if data.isEmpty { return Span(offset: 0, length: 0) }
        let offset = bytes.count
        bytes.append(contentsOf: data)
        return Span(offset: Int32(offset), length: Int32(data.count))
    }

    func finish() -> UnsafeMutableRawPointer {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 8)
        bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return memory
    }
}
