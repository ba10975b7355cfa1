import FlowRuntime
import Foundation
import GRDB
import GRDBSQLite

/// Writes a batch of steps in one transaction on the pool's writer connection.
///
/// Each step is checked before anything of it is written: its receipt is inserted first
/// (`ON CONFLICT DO NOTHING`: no row inserted means the event was already applied, in the
/// table or earlier in this batch), then its sequence is checked against the session's
/// chain head; a refused step leaves nothing behind. A step that fails inside SQLite (a
/// constraint) rolls the whole transaction back and the batch is written again without
/// it; any other failure fails every step of the batch. Nothing partial is ever committed.
final class BatchWriter: @unchecked Sendable {
    // Used only on the writer thread.
    private let pool: DatabasePool
    let heads: ChainHeads
    private var dataVersion: Int64?

    init(pool: DatabasePool, heads: ChainHeads) {
        self.pool = pool
        self.heads = heads
    }

    /// Writes the batch; returns each step's failure, nil for a step that is durable.
    func write(_ batch: [PreparedStep]) -> [StoreError?] {
        var failures = [StoreError?](repeating: nil, count: batch.count)
        while true {
            var refusals = failures
            var written: [String: ChainHead] = [:]
            var ended: [String] = []
            do {
                try pool.writeWithoutTransaction { db in
                    let statements = try Statements(db)
                    try checkDataVersion(statements)
                    let now = Int64(Date().timeIntervalSince1970 * 1000)
                    try db.inTransaction(.immediate) {
                        for (index, step) in batch.enumerated() where failures[index] == nil {
                            do {
                                refusals[index] = try write(step, statements, now: now, written: &written, ended: &ended)
                            } catch let failure as SQLiteFailure where failure.isConstraint {
                                throw StepFailure(index: index, failure: failure)
                            } catch let stale as StaleHead {
                                throw StepFailure(index: index, failure: SQLiteFailure(code: SQLITE_CONSTRAINT, message: stale.description))
                            }
                        }
                        return .commit
                    }
                }
                heads.apply(written, ended: ended)
                return refusals
            } catch let stepFailure as StepFailure {
                let step = batch[stepFailure.index]
                heads.forget(step.session)
                failures[stepFailure.index] = diagnose(step, stepFailure.failure)
            } catch {
                heads.removeAll()
                let reason = "\(error)"
                return failures.map { $0 ?? .unavailable(reason) }
            }
        }
    }

    /// Writes one step inside the open transaction; returns why it was refused, if it was.
    private func write(
        _ step: PreparedStep, _ statements: Statements, now: Int64, written: inout [String: ChainHead],
        ended: inout [String]
    ) throws -> StoreError? {
        let session = step.session
        let head: ChainHead
        let isNew: Bool
        if let known = written[session] {
            (head, isNew) = (known, false)
        } else if step.recordCount > 0, step.firstSequence == 1 {
            // A session's first records: it must be new, which the primary keys enforce.
            (head, isNew) = (ChainHead(sequence: 0, hash: RecordHashing.genesis), true)
        } else if let known = heads.head(of: session) {
            (head, isNew) = (known, false)
        } else if let stored = try statements.head(of: step) {
            (head, isNew) = (stored, false)
        } else {
            (head, isNew) = (ChainHead(sequence: 0, hash: RecordHashing.genesis), true)
        }

        // The receipt first: a duplicate event is refused before anything is written.
        if step.eventSpan.length >= 0 {
            let insert = statements.insertReceipt
            insert.bindText(1, step.pointer(step.sessionSpan), Int(step.sessionSpan.length))
            insert.bindText(2, step.pointer(step.eventSpan), Int(step.eventSpan.length))
            insert.bindBlob(3, step.pointer(step.receiptSpan), Int(step.receiptSpan.length))
            try insert.execute()
            if insert.changes == 0 { return .duplicateEvent(session: session, event: step.event ?? "") }
        }
        guard step.firstSequence == head.sequence + 1 else {
            if step.eventSpan.length >= 0 {
                let delete = statements.deleteReceipt
                delete.bindText(1, step.pointer(step.sessionSpan), Int(step.sessionSpan.length))
                delete.bindText(2, step.pointer(step.eventSpan), Int(step.eventSpan.length))
                try delete.execute()
            }
            return .sequenceGap(session: session, expected: head.sequence + 1, found: step.firstSequence)
        }

        if step.recordCount > 0 {
            if step.chainedAfter != head.hash { step.chain(after: head.hash) }
            try insertRecords(step, statements.insertRecord)
        }

        // The session row, with its chain head.
        let sessionStatement = isNew ? statements.insertSession : statements.updateSession
        sessionStatement.bindText(1, step.pointer(step.sessionSpan), Int(step.sessionSpan.length))
        sessionStatement.bindText(2, step.status)
        sessionStatement.bindBlob(3, step.pointer(step.stateSpan), Int(step.stateSpan.length))
        sessionStatement.bind(4, step.lastSequence)
        if step.recordCount > 0 {
            sessionStatement.bindText(5, step.hash(step.recordCount - 1), 64)
        } else {
            sessionStatement.bindCopy(5, head.hash)
        }
        sessionStatement.bind(6, now)
        if !isNew { sessionStatement.bind(7, head.sequence) }
        try sessionStatement.execute()
        if !isNew, sessionStatement.changes != 1 { throw StaleHead(session: session, sequence: head.sequence) }

        // Timers: the session's rows replaced by its armed timers (none once it has ended).
        if !isNew {
            let delete = statements.deleteTimers
            delete.bindText(1, step.pointer(step.sessionSpan), Int(step.sessionSpan.length))
            try delete.execute()
        }
        if !step.timers.isEmpty {
            let insert = statements.insertTimer
            for timer in step.timers {
                insert.bindText(1, step.pointer(step.sessionSpan), Int(step.sessionSpan.length))
                insert.bindText(2, PreparedStep.timerKindText(timer.kind))
                insert.bind(3, timer.due)
                insert.bind(4, Int64(timer.depth))
                insert.bind(5, Int64(timer.visit))
                try insert.execute()
            }
        }

        let lastHash = step.recordCount > 0 ? step.lastHash() : head.hash
        written[session] = ChainHead(sequence: step.lastSequence, hash: lastHash)
        if !step.isActive { ended.append(session) }
        return nil
    }

    private func insertRecords(_ step: PreparedStep, _ insert: RawStatement) throws(SQLiteFailure) {
        let columnCount = PreparedStep.textColumnCount
        for index in 0..<step.recordCount {
            let base = index * columnCount
            // Text columns in table order, skipping the integer ones (see `insertRecordSQL`).
            for column in 0..<columnCount {
                let span = step.recordSpans[base + column]
                let parameter = Statements.recordTextParameters[column]
                if span.length < 0 {
                    insert.bindNull(parameter)
                } else {
                    insert.bindText(parameter, step.pointer(span), Int(span.length))
                }
            }
            insert.bind(2, step.recordIntegers[4 * index])
            insert.bind(7, step.recordIntegers[4 * index + 1])
            insert.bind(19, step.recordIntegers[4 * index + 2])
            insert.bind(20, step.recordIntegers[4 * index + 3])
            insert.bindText(24, step.previousHash(index), 64)
            insert.bindText(25, step.hash(index), 64)
            try insert.execute()
        }
    }

    /// Another connection wrote the database since the last batch (a second store on the
    /// same file): the heads remembered here may be stale.
    private func checkDataVersion(_ statements: Statements) throws {
        let query = statements.dataVersion
        guard try query.step() else { return }
        let version = query.int64(0)
        query.reset()
        if let dataVersion, dataVersion != version { heads.removeAll() }
        dataVersion = version
    }

    /// Why a step failed in SQLite, in the store's terms.
    private func diagnose(_ step: PreparedStep, _ failure: SQLiteFailure) -> StoreError {
        let stored: ChainHead?? = try? pool.read { db in try Statements.storedHead(db, step.session) }
        if let stored, step.firstSequence != (stored?.sequence ?? 0) + 1 {
            return .sequenceGap(session: step.session, expected: (stored?.sequence ?? 0) + 1, found: step.firstSequence)
        }
        return .unavailable("session \(step.session): \(failure)")
    }
}

private struct StepFailure: Error {
    var index: Int
    var failure: SQLiteFailure
}

/// The session's row did not hold the chain head the step was written after.
private struct StaleHead: Error, CustomStringConvertible {
    var session: String
    var sequence: Int64
    var description: String { "session \(session) does not end at record \(sequence)" }
}

/// The writer's statements, prepared once per connection (GRDB caches them by text).
struct Statements {
    let selectHead: RawStatement
    let insertReceipt: RawStatement
    let deleteReceipt: RawStatement
    let insertRecord: RawStatement
    let insertSession: RawStatement
    let updateSession: RawStatement
    let deleteTimers: RawStatement
    let insertTimer: RawStatement
    let dataVersion: RawStatement

    init(_ db: Database) throws {
        selectHead = try RawStatement(db, "SELECT last_sequence, last_hash FROM sessions WHERE id = ?")
        insertReceipt = try RawStatement(
            db, "INSERT INTO receipts (session, event, receipt) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        deleteReceipt = try RawStatement(db, "DELETE FROM receipts WHERE session = ? AND event = ?")
        insertRecord = try RawStatement(db, Self.insertRecordSQL)
        insertSession = try RawStatement(
            db, "INSERT INTO sessions (id, status, state, last_sequence, last_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
        updateSession = try RawStatement(
            db,
            "UPDATE sessions SET status = ?2, state = ?3, last_sequence = ?4, last_hash = ?5, updated_at = ?6 "
                + "WHERE id = ?1 AND last_sequence = ?7")
        deleteTimers = try RawStatement(db, "DELETE FROM timers WHERE session = ?")
        insertTimer = try RawStatement(db, "INSERT INTO timers (session, kind, due, depth, visit) VALUES (?, ?, ?, ?, ?)")
        dataVersion = try RawStatement(db, "PRAGMA data_version")
    }

    static let insertRecordSQL = """
        INSERT INTO traversal_log (
            session, sequence, journey, contact_point, flow, version, depth, from_state, to_state, trigger,
            event, guard, origin, reason, actor, role, org_unit, channel, entered_at, left_at,
            outcome, changes, note, previous_hash, hash)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                ?21, ?22, ?23, ?24, ?25)
        """

    /// The parameter of each text column of `PreparedStep.recordSpans`, in span order:
    /// session, journey, contact point, flow, version, from, to, trigger, event, guard,
    /// origin, reason, actor, role, org unit, channel, outcome, changes, note.
    static let recordTextParameters: [Int32] = [1, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 23]

    /// The session's chain head as stored.
    func head(of step: PreparedStep) throws(SQLiteFailure) -> ChainHead? {
        selectHead.bindText(1, step.pointer(step.sessionSpan), Int(step.sessionSpan.length))
        guard try selectHead.step() else {
            selectHead.reset()
            return nil
        }
        let head = ChainHead(sequence: selectHead.int64(0), hash: selectHead.text(1) ?? "")
        selectHead.reset()
        return head
    }

    static func storedHead(_ db: Database, _ session: String) throws -> ChainHead? {
        try Row.fetchOne(db, sql: "SELECT last_sequence, last_hash FROM sessions WHERE id = ?", arguments: [session])
            .map { ChainHead(sequence: $0[0], hash: $0[1]) }
    }
}
