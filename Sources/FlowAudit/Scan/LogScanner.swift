import FlowConformance
import Foundation
import GRDB
import GRDBSQLite

/// Streams the finished sessions of the traversal log as `SessionTrace`s.
///
/// ```swift
/// let scanner = LogScanner(store: store, audit: audit, selection: try selection.resolved(in: audit))
/// var measurer = SessionMeasurer(catalog: audit.catalog)
/// let summary = try scanner.forEachSession { trace in
///     let verdict = measurer.measure(trace)
///     return true        // false stops the scan
/// }
/// print(summary.records, summary.openSessions)
/// ```
///
/// One reader thread steps through the log in rowid (arrival) order with SQLite's C API and
/// turns rows into `TraceStep`s (`RowDecoder`); the sessions the log interleaves are held
/// open until their end record (a record at depth 0 with an outcome), then handed in
/// batches to the calling thread, which runs `body`: reading and measuring use a core
/// each. Memory is bounded by the sessions open at once and a few batches in flight,
/// not by the log. Sessions not selected by flow, version, contact point or period are
/// never kept; open sessions are counted apart (`ScanSummary`).
public final class LogScanner: Sendable {
    public let store: AuditStore
    public let audit: AuditCatalog
    public let selection: ResolvedSelection
    /// Sessions per batch handed over.
    let batchSize: Int

    public init(store: AuditStore, audit: AuditCatalog, selection: ResolvedSelection, batchSize: Int = 256) {
        self.store = store
        self.audit = audit
        self.selection = selection
        self.batchSize = batchSize
    }

    /// Calls `body` with each finished session the selection admits (by flow version,
    /// contact point and period), in the order the sessions ended, on the calling thread.
    /// `body` returns false to stop the scan.
    ///
    /// - Throws: `AuditError` for a version the log names but the store never published, a
    ///   record that does not read, or an SQLite failure; or what `body` throws.
    @discardableResult
    public func forEachSession(_ body: (SessionTrace) throws -> Bool) throws -> ScanSummary {
        let connection = try ScanConnection(path: store.path)
        let queue = SessionBatchQueue()
        let reader = LogReader(
            catalog: audit.catalog, selection: selection, batchSize: batchSize, queue: queue, path: store.path)
        let began = Date()
        let thread = Thread { reader.run(on: connection) }
        thread.name = "flowmap log reader"
        thread.stackSize = 1 << 22
        thread.start()
        do {
            scanning: while let batch = try queue.pop() {
                for trace in batch where try !body(trace) {
                    break scanning
                }
            }
        } catch {
            queue.cancel()
            queue.waitUntilFinished()
            throw error
        }
        queue.cancel()
        queue.waitUntilFinished()
        var summary = reader.summary
        summary.seconds = Date().timeIntervalSince(began)
        return summary
    }

    /// One session's records by its id, read through its key (not a scan): its trace, and
    /// whether the log holds its end. Nil when the store has no such session.
    public static func session(id: String, store: AuditStore, audit: AuditCatalog) throws -> (trace: SessionTrace, finished: Bool)? {
        guard let number = try store.sessionNumber(id: id) else { return nil }
        return try store.read { db in
            let statement = try db.makeStatement(
                sql: "SELECT \(RowDecoder.columns) FROM traversal_log WHERE session_number = ? ORDER BY sequence")
            let handle = statement.sqliteStatement
            sqlite3_bind_int64(handle, 1, number)
            defer { sqlite3_reset(handle) }
            var decoder = RowDecoder(catalog: audit.catalog)
            var steps: [TraceStep] = []
            var header: (journey: String, contactPoint: Int32, channel: Int32)?
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw AuditError.database(path: store.path, message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                if header == nil {
                    header = (
                        RowDecoder.text(handle, RowDecoder.Column.journey) ?? "",
                        decoder.vocabularyID(handle, RowDecoder.Column.contactPoint),
                        decoder.vocabularyID(handle, RowDecoder.Column.channel)
                    )
                }
                steps.append(try decoder.step(handle))
            }
            guard let header else { return nil }
            let finished = steps.contains { $0.depth == 0 && $0.outcome != nil }
            return (
                SessionTrace(
                    session: id, number: number, journey: header.journey, contactPoint: header.contactPoint,
                    channel: header.channel, steps: steps),
                finished
            )
        }
    }
}

/// The scanner's reader thread: the log in rowid order, sessions held open until they end.
private final class LogReader: @unchecked Sendable {
    // Used by the reader thread only, then read by the consumer after `finish`.
    private struct OpenSession {
        var session: String
        var journey: String
        var contactPoint: Int32
        var channel: Int32
        var selected: Bool
        var steps: [TraceStep]
        /// The flow version of the segment open at depths 0-3 (-1: none yet): a segment's
        /// records are its start's version, so only start records are looked up by name.
        var programs = SIMD4<Int32>(repeating: -1)
    }

    let catalog: NetCatalog
    var selection: ResolvedSelection
    let batchSize: Int
    let queue: SessionBatchQueue
    let path: String
    /// Written by the reader thread; read by the consumer after `waitUntilFinished`.
    var summary = ScanSummary()

    init(catalog: NetCatalog, selection: ResolvedSelection, batchSize: Int, queue: SessionBatchQueue, path: String) {
        self.catalog = catalog
        self.selection = selection
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
        // Written before `finish`: the consumer reads the summary once the reader has finished.
        summary.readerCPUSeconds = threadCPUSeconds() - began
        queue.finish(failure: failure)
    }

    private func scan(_ connection: ScanConnection) throws {
        let handle = try connection.prepare("SELECT \(RowDecoder.scanColumns) FROM traversal_log ORDER BY rowid")
        defer { sqlite3_finalize(handle) }
        // A row read again whole, for a session or segment whose start the scan has not seen
        // (a log that does not begin with it): rare, and a lookup by rowid.
        let againHandle = try connection.prepare("SELECT \(RowDecoder.columns) FROM traversal_log WHERE rowid = ?")
        defer { sqlite3_finalize(againHandle) }
        func wholeRow() throws -> OpaquePointer {
            sqlite3_reset(againHandle)
            sqlite3_bind_int64(againHandle, 1, sqlite3_column_int64(handle, RowDecoder.Column.rowid))
            guard sqlite3_step(againHandle) == SQLITE_ROW else {
                throw AuditError.database(path: path, message: connection.lastError)
            }
            return againHandle
        }
        var decoder = RowDecoder(catalog: catalog)
        var slotOf: [Int64: Int32] = [:]
        var slots: [OpenSession] = []
        var free: [Int32] = []
        var batch: [SessionTrace] = []
        batch.reserveCapacity(batchSize)
        var lastNumber: Int64 = -1
        var lastSlot: Int32 = -1
        var records = 0
        var finished = 0
        var selected = 0
        var open = 0
        var peak = 0

        while true {
            let code = sqlite3_step(handle)
            if code != SQLITE_ROW {
                if code == SQLITE_DONE { break }
                throw AuditError.database(path: path, message: connection.lastError)
            }
            records += 1
            let number = RowDecoder.number(handle)
            var slot: Int32
            if number == lastNumber, lastSlot >= 0 {
                slot = lastSlot
            } else if let known = slotOf[number] {
                slot = known
            } else {
                // A session's first record (its start): decide from it whether the session is wanted.
                let row = sqlite3_column_type(handle, RowDecoder.Column.from) == SQLITE_NULL ? handle : try wholeRow()
                let program = try decoder.program(row)
                let contactPoint = decoder.vocabularyID(row, RowDecoder.Column.contactPoint)
                let startedAt = sqlite3_column_int64(row, RowDecoder.Column.enteredAt)
                let wanted = selection.admits(program: program, contactPoint: contactPoint, startedAt: startedAt)
                var session = OpenSession(
                    session: "", journey: "", contactPoint: contactPoint, channel: -1, selected: wanted, steps: [])
                if wanted {
                    session.session = RowDecoder.text(row, RowDecoder.Column.session) ?? ""
                    session.journey = RowDecoder.text(row, RowDecoder.Column.journey) ?? ""
                    session.channel = decoder.vocabularyID(row, RowDecoder.Column.channel)
                    session.steps.reserveCapacity(16)
                }
                if let reused = free.popLast() {
                    slot = reused
                    slots[Int(reused)] = session
                } else {
                    slot = Int32(slots.count)
                    slots.append(session)
                }
                slotOf[number] = slot
                open += 1
                if open > peak { peak = open }
            }
            lastNumber = number
            lastSlot = slot

            let ends =
                sqlite3_column_int64(handle, RowDecoder.Column.depth) == 0
                && sqlite3_column_type(handle, RowDecoder.Column.outcome) != SQLITE_NULL
            if slots[Int(slot)].selected {
                let depth = Int(sqlite3_column_int64(handle, RowDecoder.Column.depth))
                let cached = depth < 4 ? slots[Int(slot)].programs[depth] : -1
                let program: Int32
                let isStart = sqlite3_column_type(handle, RowDecoder.Column.from) == SQLITE_NULL
                if cached >= 0, !isStart {
                    program = cached
                } else {
                    program = try decoder.program(isStart ? handle : try wholeRow())
                    if depth < 4 { slots[Int(slot)].programs[depth] = program }
                }
                slots[Int(slot)].steps.append(try decoder.step(handle, program: program))
            }
            guard ends else { continue }

            finished += 1
            open -= 1
            slotOf[number] = nil
            lastNumber = -1
            free.append(slot)
            guard slots[Int(slot)].selected else { continue }
            selected += 1
            let steps = slots[Int(slot)].steps
            slots[Int(slot)].steps = []
            let session = slots[Int(slot)]
            batch.append(SessionTrace(
                session: session.session, number: number, journey: session.journey, contactPoint: session.contactPoint,
                channel: session.channel, steps: steps))
            if batch.count >= batchSize {
                guard queue.push(batch) else { break }
                batch = []
                batch.reserveCapacity(batchSize)
            }
        }
        if !batch.isEmpty { _ = queue.push(batch) }

        summary.records = records
        summary.finishedSessions = finished
        summary.selectedSessions = selected
        summary.peakOpenSessions = peak
        for (_, slot) in slotOf where slots[Int(slot)].selected {
            summary.openSessions += 1
            summary.openRecords += slots[Int(slot)].steps.count
        }
    }
}
