import FlowRuntime
import Foundation
import GRDB

/// The engine's durable store on SQLite: sessions, their timers, the traversal log with
/// its hash chain, and event receipts, in one WAL database written with
/// `synchronous = FULL`.
///
/// ```swift
/// let store = try SQLiteSessionStore(path: "flowmap.sqlite")
/// try await store.commit(StepCommit(session: live.state, records: result.records, receipt: receipt))
/// let auditorView = try SQLiteSessionStore(path: "flowmap.sqlite", readOnly: true)
/// ```
///
/// Commits from many tasks are gathered into one transaction by a single writer thread
/// (group commit, see `GroupCommitter`); each `commit` returns once its own transaction is
/// durable. Reads go through the pool's reader connections and never wait for the writer.
public final class SQLiteSessionStore: SessionStore {
    public let path: String
    public let isReadOnly: Bool
    let pool: DatabasePool
    private let committer: GroupCommitter?
    private let checkpointer: Checkpointer?

    /// Opens (creating and migrating when needed) the store at `path`.
    /// - Parameters:
    ///   - readOnly: opens the existing store without ever writing to it (auditors, `log verify`).
    ///   - maximumBatch: the most steps one transaction gathers.
    public init(path: String, readOnly: Bool = false, maximumBatch: Int = 1_000) throws {
        self.path = path
        isReadOnly = readOnly
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // A larger page cache keeps the log's index pages in memory under load.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError.unavailable("no store at \(path)")
            }
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        if readOnly {
            let readable = try pool.read { db in try StoreSchema.isReadable(db) }
            guard readable else { throw StoreError.unavailable("\(path) is not a flowmap store, or an older one") }
            committer = nil
            checkpointer = nil
            return
        }
        try StoreSchema.migrator.migrate(pool)
        // DatabasePool turns WAL on with synchronous = NORMAL after `prepareDatabase`; an
        // acknowledged step must survive power loss, so FULL is set here and read back.
        let synchronous = try pool.writeWithoutTransaction { db -> Int in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
        }
        guard synchronous == 2 else {
            throw StoreError.unavailable("SQLite kept synchronous = \(synchronous); the store needs FULL (2)")
        }
        let checkpointer = try Checkpointer(path: path)
        try pool.writeWithoutTransaction { db in try checkpointer.attach(to: db) }
        self.checkpointer = checkpointer
        committer = GroupCommitter(
            writer: BatchWriter(pool: pool, heads: ChainHeads(), checkpointer: checkpointer), maximumBatch: maximumBatch)
    }

    deinit {
        close()
    }

    /// Writes what is queued and stops taking commits. Reads (and publishing) still work.
    public func close() {
        guard let committer, let checkpointer, !committer.isStopped else { return }
        committer.stop()
        try? pool.writeWithoutTransaction { db in try checkpointer.detach(from: db) }
        checkpointer.stop()
    }

    /// Writes these steps in one transaction, in order; returns each one's failure. For
    /// tests of what a batch does with its steps.
    func writeBatch(_ steps: [StepCommit]) async throws -> [StoreError?] {
        guard let committer else { throw StoreError.unavailable("the store at \(path) is open read-only") }
        committer.pause()
        var tasks: [Task<StoreError?, Never>] = []
        for (index, step) in steps.enumerated() {
            tasks.append(Task {
                do {
                    try await commit(step)
                    return nil
                } catch let error as StoreError {
                    return error
                } catch {
                    return .unavailable("\(error)")
                }
            })
            // Queued one after another, so that the batch keeps their order.
            while committer.pendingCount < index + 1 { try await Task.sleep(for: .milliseconds(1)) }
        }
        committer.resume()
        var failures: [StoreError?] = []
        for task in tasks { failures.append(await task.value) }
        return failures
    }

    /// Transactions, steps and records written since the store opened.
    public var statistics: CommitStatistics {
        var statistics = committer?.statistics ?? CommitStatistics()
        statistics.walPages = checkpointer?.walPagesWritten ?? 0
        return statistics
    }

    // MARK: - SessionStore

    public func commit(_ step: StepCommit) async throws {
        guard let committer else { throw StoreError.unavailable("the store at \(path) is open read-only") }
        let prepared = try PreparedStep(step, chainHeads: committer.heads)
        try await withUnsafeThrowingContinuation { committer.submit(prepared, $0) }
    }

    public func session(id: String) async throws -> SessionState? {
        let bytes = try await pool.read { db in
            try Data.fetchOne(db, sql: "SELECT state FROM sessions WHERE id = ?", arguments: [id])
        }
        return try bytes.map { try SessionStateCodec.decode([UInt8]($0)) }
    }

    public func receipt(session: String, event: String) async throws -> EventReceipt? {
        let bytes = try await pool.read { db in
            try Data.fetchOne(
                db,
                sql: """
                    SELECT receipt FROM receipts
                    WHERE session = (SELECT number FROM sessions WHERE id = ?) AND event = ?
                    """, arguments: [session, event])
        }
        return try bytes.map { try ReceiptCodec.decode([UInt8]($0)) }
    }

    public func dueTimers(through time: Int64, limit: Int) async throws -> [DueTimer] {
        try await pool.read { db in
            try TimerRow.fetchAll(
                db,
                sql: """
                    SELECT s.id AS session, t.kind, t.due, t.depth, t.visit
                    FROM timers t JOIN sessions s ON s.number = t.session
                    WHERE t.due <= ? ORDER BY t.due, s.id LIMIT ?
                    """,
                arguments: [time, limit]
            ).map { try $0.dueTimer() }
        }
    }

    public func nextTimerDue() async throws -> Int64? {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT min(due) FROM timers") }
    }
}

/// A row of the timers table.
struct TimerRow: Codable, FetchableRecord {
    var session: String
    var kind: String
    var due: Int64
    var depth: Int
    var visit: Int64

    func dueTimer() throws -> DueTimer {
        guard let kind = TimerKind(rawValue: kind), let visit = UInt32(exactly: visit) else {
            throw StoreError.unavailable("timer of session \(session) is malformed: \(kind), visit \(visit)")
        }
        return DueTimer(session: session, timer: ArmedTimer(kind: kind, due: due, depth: depth, visit: visit))
    }
}

extension SQLiteSessionStore {
    /// A session's traversal log as stored, chained, in sequence order.
    public func log(session: String) async throws -> [LogRecord] {
        try await pool.read { db in
            let statement = try RawStatement(
                db,
                """
                SELECT \(LogRecord.columns) FROM traversal_log
                WHERE session_number = (SELECT number FROM sessions WHERE id = ?) ORDER BY sequence
                """)
            defer { statement.reset() }
            statement.bindCopy(1, session)
            var records: [LogRecord] = []
            while try statement.step() { records.append(LogRecord.read(statement)) }
            return records
        }
    }

    /// Active sessions by contact point code: what a process that opens the store finds
    /// already running (a contact point's code is its sessions' first record's). One pass
    /// over the sessions and a key lookup per active one.
    public func activeSessionsByContactPoint() async throws -> [String: Int] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT log.contact_point, count(*) FROM sessions
                    JOIN traversal_log AS log ON log.session_number = sessions.number AND log.sequence = 1
                    WHERE sessions.status = 'active' GROUP BY log.contact_point
                    """)
            var counts: [String: Int] = [:]
            for row in rows { counts[row[0]] = row[1] }
            return counts
        }
    }

    /// Sessions and records in the store.
    public func counts() async throws -> (sessions: Int, records: Int) {
        try await pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM sessions") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM traversal_log") ?? 0)
        }
    }
}
