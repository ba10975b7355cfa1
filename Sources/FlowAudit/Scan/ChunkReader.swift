import FlowConformance
import FlowStore
import Foundation
import GRDBSQLite

/// A session the scan holds open: its header, whether the selection admits it, and its
/// steps so far (kept only for a selected session, or for a fragment, whose selection is
/// not known yet).
struct OpenSession {
    var session: String
    var journey: String
    var contactPoint: Int32
    var channel: Int32
    var selected: Bool
    var steps: [TraceStep]
    /// The flow version of the segment open at depths 0-3 (-1: none yet): a segment's
    /// records are its start's version, so only start records are looked up by name.
    var programs = SIMD4<Int32>(repeating: -1)

    func trace(number: Int64, steps: [TraceStep]) -> SessionTrace {
        SessionTrace(
            session: session, number: number, journey: journey, contactPoint: contactPoint, channel: channel,
            steps: steps)
    }
}

/// The records of one session that a chunk read without the session's start: the start was
/// in an earlier chunk (the consumer joins them), or before a resumed scan's first row (the
/// consumer reads it by key: `SessionHeads`), or is not in the log at all (then the session
/// is taken as its first record shows it: `header`).
struct SessionFragment {
    var number: Int64
    var header: OpenSession
    /// Where it ended (set on `.fragmentEnded` only).
    var end = SessionEnd(rowid: 0)
}

/// Where a session ended in its chunk: its end record's rowid.
struct SessionEnd {
    var rowid: Int64
}

/// What a chunk reader hands the consumer, in log order.
enum ScanItem {
    /// A selected session that started and ended inside the chunk.
    case finished(SessionTrace, SessionEnd)
    /// The end of a session the chunk read without its start.
    case fragmentEnded(SessionFragment)
    /// The chunk is read: what is still open at its end.
    case chunkEnd(ChunkEnd)
}

/// The sessions a chunk leaves open, and its counts.
struct ChunkEnd {
    /// Sessions that started in the chunk and have not ended (steps only if selected).
    var open: [(number: Int64, session: OpenSession)] = []
    /// Fragments that have not ended.
    var fragments: [SessionFragment] = []
    var records = 0
    /// Sessions whose end the chunk holds (started in it or not).
    var finished = 0
    /// The most sessions started in the chunk that were open at once.
    var peakStarted = 0
}

/// A range of the log by rowid, read by one reader thread.
struct LogChunk: Sendable {
    var first: Int64
    var last: Int64
}

/// One of the scanner's reader threads: reads its chunks of the log (every `readers`-th,
/// from `index`), each from its first row to its last in rowid order, turns rows into
/// `TraceStep`s (`RowDecoder`), holds each chunk's sessions open until their end record (a
/// record at depth 0 with an outcome) and hands over, in log order: the selected sessions
/// that ended, the ends of fragments (sessions whose start the chunk did not hold), and at
/// each chunk's end what it leaves open. The consumer joins the chunks (`LogScanner`).
final class ChunkReader: @unchecked Sendable {
    let catalog: NetCatalog
    // Its own copy: `admits` caches what it has decided.
    var selection: ResolvedSelection
    let chunks: [LogChunk]
    let batchSize: Int
    let queue: BatchQueue<ScanItem>
    let path: String
    /// Whether the log has the packed `audit_fields` column.
    let packed: Bool
    /// Written by the reader thread; read by the consumer after `waitUntilFinished`.
    var cpuSeconds = 0.0
    /// Rows read, those of a chunk left part-read when the consumer stopped included
    /// (written and read as `cpuSeconds` is).
    var rowsRead = 0

    init(
        catalog: NetCatalog, selection: ResolvedSelection, chunks: [LogChunk], batchSize: Int,
        queue: BatchQueue<ScanItem>, path: String, packed: Bool
    ) {
        self.packed = packed
        self.catalog = catalog
        self.selection = selection
        self.chunks = chunks
        self.batchSize = batchSize
        self.queue = queue
        self.path = path
    }

    func run(on connection: ScanConnection) {
        let began = threadCPUSeconds()
        var failure: (any Error)?
        do {
            try connection.reading { try self.scan(connection) }
        } catch let error as AuditError {
            failure = error
        } catch {
            failure = AuditError.database(path: path, message: "\(error)")
        }
        // Written before `finish`: the consumer reads it once the reader has finished.
        cpuSeconds = threadCPUSeconds() - began
        queue.finish(failure: failure)
    }

    private func scan(_ connection: ScanConnection) throws {
        let handle = try connection.prepare(
            "SELECT \(RowDecoder.scanColumns) FROM traversal_log WHERE rowid BETWEEN ? AND ? ORDER BY rowid")
        defer { sqlite3_finalize(handle) }
        // Chunks whose rows all have packed audit fields are read through them.
        let packedHandle =
            packed
            ? try connection.prepare(
                "SELECT \(RowDecoder.packedScanColumns) FROM traversal_log WHERE rowid BETWEEN ? AND ? ORDER BY rowid")
            : nil
        defer { if let packedHandle { sqlite3_finalize(packedHandle) } }
        let endsHandle =
            packed
            ? try connection.prepare(
                """
                SELECT (SELECT audit_fields IS NOT NULL FROM traversal_log WHERE rowid >= ?1 ORDER BY rowid LIMIT 1), \
                (SELECT audit_fields IS NOT NULL FROM traversal_log WHERE rowid <= ?2 ORDER BY rowid DESC LIMIT 1)
                """)
            : nil
        defer { if let endsHandle { sqlite3_finalize(endsHandle) } }
        // A row read again whole, for a segment whose start the chunk has not seen: once
        // per fragment and depth, a lookup by rowid.
        let againHandle = try connection.prepare("SELECT \(RowDecoder.columns) FROM traversal_log WHERE rowid = ?")
        defer { sqlite3_finalize(againHandle) }
        var decoder = RowDecoder(catalog: catalog)
        for chunk in chunks {
            // Rows are appended in rowid order and a store gains the packed fields once (v2),
            // so a chunk whose first and last rows have them has them throughout; a row
            // without them there is still read (`wholeRow`), more slowly.
            var packedChunk = false
            if let endsHandle {
                sqlite3_reset(endsHandle)
                sqlite3_bind_int64(endsHandle, 1, chunk.first)
                sqlite3_bind_int64(endsHandle, 2, chunk.last)
                guard sqlite3_step(endsHandle) == SQLITE_ROW else {
                    throw AuditError.database(path: path, message: connection.lastError)
                }
                packedChunk =
                    sqlite3_column_int64(endsHandle, 0) == 1 && sqlite3_column_int64(endsHandle, 1) == 1
            }
            let (going, rows) = try read(
                chunk, handle: packedChunk ? packedHandle! : handle, packed: packedChunk, againHandle: againHandle,
                decoder: &decoder, connection: connection)
            rowsRead += rows
            guard going else { return }
        }
    }

    /// Reads one chunk; false when the consumer has stopped; and the rows read.
    private func read(
        _ chunk: LogChunk, handle: OpaquePointer, packed: Bool, againHandle: OpaquePointer, decoder: inout RowDecoder,
        connection: ScanConnection
    ) throws -> (going: Bool, rows: Int) {
        sqlite3_reset(handle)
        sqlite3_bind_int64(handle, 1, chunk.first)
        sqlite3_bind_int64(handle, 2, chunk.last)
        // Where the scan's row has its columns; a row read again whole has `columns`'.
        let layout: RowDecoder.RowLayout = packed ? .packed : .record
        func rowLayout(_ row: OpaquePointer) -> RowDecoder.RowLayout { row == handle ? layout : .record }
        /// The row whose columns hold the record's header: a start row's own (the scan's, or
        /// the one read again whole when it has no packed fields); another row read again whole.
        func headerRow(_ columns: OpaquePointer, isStart: Bool) throws -> OpaquePointer {
            isStart || columns != handle ? columns : try wholeRow()
        }
        func wholeRow() throws -> OpaquePointer {
            sqlite3_reset(againHandle)
            sqlite3_bind_int64(againHandle, 1, sqlite3_column_int64(handle, layout.rowid))
            guard sqlite3_step(againHandle) == SQLITE_ROW else {
                throw AuditError.database(path: path, message: connection.lastError)
            }
            return againHandle
        }
        var slotOf = SessionSlots()
        // Headers here, steps in `steps` until the session's end.
        var slots: [OpenSession] = []
        var steps = OpenSteps()
        var isFragment: [Bool] = []
        var free: [Int32] = []
        var batch: [ScanItem] = []
        var weight = 0
        batch.reserveCapacity(batchSize)
        var lastNumber: Int64 = -1
        var lastSlot: Int32 = -1
        var end = ChunkEnd()
        var openStarted = 0

        while true {
            let code = sqlite3_step(handle)
            if code != SQLITE_ROW {
                if code == SQLITE_DONE { break }
                throw AuditError.database(path: path, message: connection.lastError)
            }
            end.records += 1
            let number = RowDecoder.number(handle)
            // The row's packed fields, or (none) the statement whose columns hold the record:
            // the scan's own row, or the row read again whole.
            let fields = packed ? try RowDecoder.auditFields(handle) : nil
            let columns = packed && fields == nil ? try wholeRow() : handle
            let depth: Int
            let isStart: Bool
            if let fields {
                depth = fields.head.depth
                isStart = fields.head.isStart
            } else {
                depth = Int(sqlite3_column_int64(columns, RowDecoder.Column.depth))
                isStart = sqlite3_column_type(columns, RowDecoder.Column.from) == SQLITE_NULL
            }
            var slot: Int32
            if number == lastNumber, lastSlot >= 0 {
                slot = lastSlot
            } else if let known = slotOf.slot(of: number) {
                slot = known
            } else {
                // The session's first record in the chunk: its start, or a fragment of a
                // session that started before the chunk (or whose start the log lacks).
                let fragment = !(isStart && depth == 0)
                let row = try headerRow(columns, isStart: isStart)
                let header = rowLayout(row)
                let program = try decoder.program(row, header, sequence: row == handle ? fields?.head.sequence : nil)
                let contactPoint = decoder.vocabularyID(row, header.contactPoint)
                let startedAt =
                    row == handle && fields != nil
                    ? fields!.head.enteredAt : sqlite3_column_int64(row, RowDecoder.Column.enteredAt)
                let wanted = selection.admits(program: program, contactPoint: contactPoint, startedAt: startedAt)
                var session = OpenSession(
                    session: "", journey: "", contactPoint: contactPoint, channel: -1, selected: wanted, steps: [])
                if wanted || fragment {
                    session.session = RowDecoder.text(row, header.session) ?? ""
                    session.journey = RowDecoder.text(row, header.journey) ?? ""
                    session.channel = decoder.vocabularyID(row, header.channel)
                }
                if depth < 4 { session.programs[depth] = program }
                if let reused = free.popLast() {
                    slot = reused
                    slots[Int(reused)] = session
                    isFragment[Int(reused)] = fragment
                } else {
                    slot = Int32(slots.count)
                    slots.append(session)
                    isFragment.append(fragment)
                }
                slotOf.insert(number, slot: slot)
                if !fragment {
                    openStarted += 1
                    if openStarted > end.peakStarted { end.peakStarted = openStarted }
                }
            }
            lastNumber = number
            lastSlot = slot

            let index = Int(slot)
            let fragment = isFragment[index]
            if slots[index].selected || fragment {
                let cached = depth < 4 ? slots[index].programs[depth] : -1
                let program: Int32
                if cached >= 0, !isStart {
                    program = cached
                } else {
                    let row = try headerRow(columns, isStart: isStart)
                    program = try decoder.program(
                        row, rowLayout(row), sequence: row == handle ? fields?.head.sequence : nil)
                    if depth < 4 { slots[index].programs[depth] = program }
                }
                if let fields {
                    steps.append(try decoder.step(fields.head, blob: fields.blob, program: program, handle), to: slot)
                } else {
                    steps.append(try decoder.step(columns, program: program), to: slot)
                }
            }
            let ends =
                depth == 0
                && (fields.map { $0.head.hasOutcome }
                    ?? (sqlite3_column_type(columns, RowDecoder.Column.outcome) != SQLITE_NULL))
            guard ends else { continue }

            end.finished += 1
            slotOf.remove(number)
            lastNumber = -1
            free.append(slot)
            var session = slots[index]
            if session.selected || fragment { session.steps = steps.take(slot) }
            let ended = SessionEnd(rowid: sqlite3_column_int64(handle, layout.rowid))
            if fragment {
                batch.append(.fragmentEnded(SessionFragment(number: number, header: session, end: ended)))
            } else {
                openStarted -= 1
                guard session.selected else { continue }
                batch.append(.finished(session.trace(number: number, steps: session.steps), ended))
            }
            weight += session.steps.count
            if batch.count >= batchSize {
                guard queue.push(batch, weight: weight) else { return (false, end.records) }
                batch = []
                weight = 0
                batch.reserveCapacity(batchSize)
            }
        }
        for (number, slot) in slotOf.entries {
            var session = slots[Int(slot)]
            session.steps = steps.take(slot)
            weight += session.steps.count
            if isFragment[Int(slot)] {
                end.fragments.append(SessionFragment(number: number, header: session))
            } else {
                end.open.append((number, session))
            }
        }
        batch.append(.chunkEnd(end))
        return (queue.push(batch, weight: weight), end.records)
    }
}
