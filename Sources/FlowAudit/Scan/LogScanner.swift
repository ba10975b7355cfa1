import FlowConformance
import FlowStore
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
/// The log is cut by rowid into chunks (`chunkRows` rows each), read by `readers` threads
/// at once (`ChunkReader`: chunk k by thread k mod readers), each stepping through its chunks
/// with SQLite's C API and its own connection, and turning rows into `TraceStep`s
/// (`RowDecoder`). A session that a chunk boundary cuts is joined by the calling thread,
/// which takes the chunks in order and runs `body`: sessions come in the order they ended,
/// exactly as one reader reading the whole log would give them. Memory is bounded by the
/// sessions open at once and what each reader may run ahead (about a chunk), not by the
/// log. Sessions not selected by flow, version, contact point or period are never kept;
/// open sessions are counted apart (`ScanSummary`).
///
/// Every reader reads inside its own read transaction, up to the last rowid the scan saw
/// when it began: the log is only ever appended to, so they all read the same records.
///
/// A scan made `after` a `ScanPlace` that an earlier scan handed on resumes there: its
/// chunks begin just after the place, and the records that sessions still open there wrote
/// before it are read by key (`SessionHeads`), so it hands on the sessions that ended after
/// the place, in the same order and as whole as a scan of the whole log: a listing's page
/// reads its own part of the log and the heads of the sessions it finds open, not the log
/// from its start (docs/auditing.md, "Resuming a scan").
public final class LogScanner: Sendable {
    public let store: AuditStore
    public let audit: AuditCatalog
    public let selection: ResolvedSelection
    /// Sessions per batch handed over.
    let batchSize: Int
    /// Reader threads (at least one; one for a log of one chunk); the store's by default.
    public let readers: Int
    /// Rows per chunk when more than one reader reads.
    let chunkRows: Int64
    /// Where an earlier scan stopped: this one hands on the sessions that ended after it.
    public let after: ScanPlace?
    /// Trace steps each reader may hand over ahead of the consumer (about a chunk unless
    /// told): small for a scan that stops early, a listing's page.
    let readAhead: Int

    /// The readers a scan uses by default: one per core, at most four.
    public static var defaultReaders: Int { min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 4) }

    public init(
        store: AuditStore, audit: AuditCatalog, selection: ResolvedSelection, batchSize: Int = 256,
        readers: Int? = nil, chunkRows: Int = 1 << 18, readAhead: Int? = nil, after: ScanPlace? = nil
    ) {
        self.after = after
        self.readAhead = max(readAhead ?? max(chunkRows, 1) + 4096, 1)
        self.store = store
        self.audit = audit
        self.selection = selection
        self.batchSize = batchSize
        self.readers = max(readers ?? store.readers, 1)
        self.chunkRows = Int64(max(chunkRows, 1))
    }

    /// Calls `body` with each finished session the selection admits (by flow version,
    /// contact point and period), in the order the sessions ended, on the calling thread.
    /// `body` returns false to stop the scan.
    ///
    /// - Throws: `AuditError` for a version the log names but the store never published, a
    ///   record that does not read, or an SQLite failure; or what `body` throws.
    @discardableResult
    public func forEachSession(_ body: (SessionTrace) throws -> Bool) throws -> ScanSummary {
        try forEachPlacedSession { trace, _ in try body(trace) }
    }

    /// `forEachSession` with each session's place in the log: give the last one to a later
    /// scan (`after:`) to go on from there.
    @discardableResult
    public func forEachPlacedSession(_ body: (SessionTrace, ScanPlace) throws -> Bool) throws -> ScanSummary {
        let began = Date()
        let chunks = try self.chunks()
        let packed = try store.read { db in try AuditFields.areStored(in: db) }
        let threads = min(readers, max(chunks.count, 1))
        let queues = (0..<threads).map { _ in BatchQueue<ScanItem>(capacity: readAhead) }
        var chunkReaders: [ChunkReader] = []
        for index in 0..<threads {
            let connection = try ScanConnection(path: store.path)
            let reader = ChunkReader(
                catalog: audit.catalog, selection: selection,
                chunks: Array(chunks[index...].enumerated().filter { $0.offset % threads == 0 }.map(\.element)),
                batchSize: batchSize, queue: queues[index], path: store.path, packed: packed)
            chunkReaders.append(reader)
            let thread = Thread { reader.run(on: connection) }
            thread.name = "flowmap log reader \(index + 1)"
            thread.stackSize = 1 << 22
            thread.start()
        }
        func stopReaders() {
            for queue in queues {
                queue.cancel()
                queue.waitUntilFinished()
            }
        }
        var joiner = ChunkJoiner(
            heads: try after.map { _ in
                try SessionHeads(
                    path: store.path, catalog: audit.catalog, selection: selection, before: chunks.first?.first ?? .max)
            })
        do {
            reading: for chunk in chunks.indices {
                let queue = queues[chunk % threads]
                var chunkDone = false
                while !chunkDone, let batch = try queue.pop() {
                    for item in batch {
                        if case .chunkEnd(let end) = item {
                            try joiner.close(end)
                            chunkDone = true
                        } else if let (trace, place) = try joiner.take(item), try !body(trace, place) {
                            break reading
                        }
                    }
                }
                guard chunkDone else { break }
            }
        } catch {
            stopReaders()
            throw error
        }
        stopReaders()
        var summary = joiner.summary
        summary.readers = threads
        summary.firstRowid = chunks.first?.first ?? 0
        summary.readerCPUSeconds = chunkReaders.reduce(0) { $0 + $1.cpuSeconds }
        summary.rowsRead += chunkReaders.reduce(0) { $0 + $1.rowsRead }
        summary.seconds = Date().timeIntervalSince(began)
        return summary
    }

    /// The log cut into chunks by rowid, from its first row (or just after `after`) up
    /// to its last row now; empty for an empty log. One chunk when one reader reads.
    private func chunks() throws -> [LogChunk] {
        let connection = try ScanConnection(path: store.path)
        let handle = try connection.prepare(
            // Two queries: SQLite reads min or max alone from the end of the tree, both at once by a scan.
            "SELECT (SELECT min(rowid) FROM traversal_log), (SELECT max(rowid) FROM traversal_log)")
        defer { sqlite3_finalize(handle) }
        guard sqlite3_step(handle) == SQLITE_ROW else {
            throw AuditError.database(path: store.path, message: connection.lastError)
        }
        guard sqlite3_column_type(handle, 0) != SQLITE_NULL else { return [] }
        let first = max(sqlite3_column_int64(handle, 0), after.map { $0.end + 1 } ?? .min)
        let last = sqlite3_column_int64(handle, 1)
        guard first <= last else { return [] }
        guard readers > 1 else { return [LogChunk(first: first, last: last)] }
        return stride(from: first, through: last, by: Int(chunkRows)).map {
            LogChunk(first: $0, last: min($0 + chunkRows - 1, last))
        }
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
