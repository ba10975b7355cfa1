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
    private let checkpointer: Checkpointer?
    private var dataVersion: Int64?

    init(pool: DatabasePool, heads: ChainHeads, checkpointer: Checkpointer?) {
        self.pool = pool
        self.heads = heads
        self.checkpointer = checkpointer
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
                            } catch let malformed as CodecError {
                                // The session's stored state does not decode: only its own step fails.
                                throw StepFailure(index: index, failure: SQLiteFailure(code: SQLITE_CORRUPT, message: "\(malformed)"))
                            }
                        }
                        return .commit
                    }
                    checkpointer?.finishCheckpoint(db)
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
        let known: ChainHead?
        if let head = written[session] {
            known = head
        } else if step.recordCount > 0, step.firstSequence == 1 {
            // A session's first records: it must be new, which the unique id enforces.
            known = nil
        } else if let head = heads.head(of: session) {
            known = head
        } else {
            known = try statements.head(of: step)
        }

        guard let head = known else {
            // A new session: its row first (a second start of the same id fails here), then
            // its receipt, records and timers under the number it was given.
            guard step.firstSequence == 1 else {
                return .sequenceGap(session: session, expected: 1, found: step.firstSequence)
            }
            if step.recordCount > 0, step.chainedAfter != RecordHashing.genesis { try step.chain(after: RecordHashing.genesis) }
            let insert = statements.insertSession
            insert.bindText(1, step.pointer(step.sessionSpan), Int(step.sessionSpan.length))
            bindSessionState(insert, step, previous: RecordHashing.genesis, now: now)
            try insert.execute()
            let number = insert.lastInsertedRow
            if try insertReceipt(step, number: number, statements) == false {
                throw StaleHead(session: session, sequence: 0)
            }
            try insertRecords(step, number: number, statements.insertRecord)
            for timer in step.timers {
                try TimerKey(timer).execute(statements.insertTimer, number: number)
            }
            remember(step, number: number, previous: RecordHashing.genesis, written: &written, ended: &ended)
            return nil
        }

        // The receipt first: a duplicate event is refused before anything is written.
        if try insertReceipt(step, number: head.number, statements) == false {
            return .duplicateEvent(session: session, event: step.event ?? "")
        }
        guard step.firstSequence == head.sequence + 1 else {
            try deleteReceipt(step, number: head.number, statements)
            return .sequenceGap(session: session, expected: head.sequence + 1, found: step.firstSequence)
        }
        if step.recordCount > 0 {
            if step.chainedAfter != head.hash {
                do {
                    try step.chain(after: head.hash)
                } catch {
                    // Nothing of the step is written but its receipt, which goes with it.
                    try deleteReceipt(step, number: head.number, statements)
                    return error
                }
            }
            try insertRecords(step, number: head.number, statements.insertRecord)
        }

        // The timers the session's rows hold now: read before its row is updated below,
        // when they are not known here (after a restart, or once the heads started over).
        let previous = try head.timers ?? statements.storedTimers(number: head.number)
        let update = statements.updateSession
        update.bind(1, head.number)
        bindSessionState(update, step, previous: head.hash, now: now)
        update.bind(7, head.sequence)
        try update.execute()
        if update.changes != 1 { throw StaleHead(session: session, sequence: head.sequence) }

        // Timers: the rows of timers no longer armed go, newly armed ones come (none once
        // the session has ended); the ones that stay are not touched.
        // A handful of timers at most: compared pairwise, without building sets.
        for (index, timer) in previous.enumerated()
        where !step.timers.contains(timer) && !previous[..<index].contains(timer) {
            try TimerKey(timer).execute(statements.deleteTimer, number: head.number)
        }
        for (index, timer) in step.timers.enumerated()
        where !previous.contains(timer) && !step.timers[..<index].contains(timer) {
            try TimerKey(timer).execute(statements.insertTimer, number: head.number)
        }
        remember(step, number: head.number, previous: head.hash, written: &written, ended: &ended)
        return nil
    }

    /// Takes back the receipt of a step refused after it was inserted.
    private func deleteReceipt(_ step: PreparedStep, number: Int64, _ statements: Statements) throws(SQLiteFailure) {
        guard step.eventSpan.length >= 0 else { return }
        let delete = statements.deleteReceipt
        delete.bind(1, number)
        delete.bindText(2, step.pointer(step.eventSpan), Int(step.eventSpan.length))
        try delete.execute()
    }

    /// Parameters 2-6 of the session statements: status, state, last sequence and hash, time.
    private func bindSessionState(_ statement: RawStatement, _ step: PreparedStep, previous: String, now: Int64) {
        statement.bindText(2, step.status)
        statement.bindBlob(3, step.pointer(step.stateSpan), Int(step.stateSpan.length))
        statement.bind(4, step.lastSequence)
        if step.recordCount > 0 {
            statement.bindBlob(5, step.hash(step.recordCount - 1), 32)
        } else {
            // Nothing new to chain: the head stays (as it was stored, even if not a hash).
            statement.bindBlobCopy(5, StoredHash.bytes(previous) ?? Array(previous.utf8))
        }
        statement.bind(6, now)
    }

    /// Inserts the step's receipt; false when the session already has one for its event.
    private func insertReceipt(_ step: PreparedStep, number: Int64, _ statements: Statements) throws(SQLiteFailure) -> Bool {
        guard step.eventSpan.length >= 0 else { return true }
        let insert = statements.insertReceipt
        insert.bind(1, number)
        insert.bindText(2, step.pointer(step.eventSpan), Int(step.eventSpan.length))
        insert.bindBlob(3, step.pointer(step.receiptSpan), Int(step.receiptSpan.length))
        try insert.execute()
        return insert.changes == 1
    }

    private func insertRecords(_ step: PreparedStep, number: Int64, _ insert: RawStatement) throws(SQLiteFailure) {
        let columnCount = PreparedStep.textColumnCount
        for index in 0..<step.recordCount {
            let base = index * columnCount
            insert.bind(1, number)
            // Text columns in table order, between the integer ones (see `insertRecordSQL`).
            for column in 0..<columnCount {
                let span = step.recordSpans[base + column]
                let parameter = Statements.recordTextParameters[column]
                if span.length < 0 {
                    insert.bindNull(parameter)
                } else {
                    insert.bindText(parameter, step.pointer(span), Int(span.length))
                }
            }
            insert.bind(3, step.recordIntegers[4 * index])
            insert.bind(8, step.recordIntegers[4 * index + 1])
            insert.bind(20, step.recordIntegers[4 * index + 2])
            insert.bind(21, step.recordIntegers[4 * index + 3])
            insert.bindBlob(25, step.previousHash(index), 32)
            insert.bindBlob(26, step.hash(index), 32)
            let audit = step.auditSpans[index]
            insert.bindBlob(27, step.pointer(audit), Int(audit.length))
            try insert.execute()
        }
    }

    private func remember(
        _ step: PreparedStep, number: Int64, previous: String, written: inout [String: ChainHead], ended: inout [String]
    ) {
        let hash = step.recordCount > 0 ? step.lastHash() : previous
        written[step.session] = ChainHead(number: number, sequence: step.lastSequence, hash: hash, timers: step.timers)
        if !step.isActive { ended.append(step.session) }
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
    let deleteTimer: RawStatement
    let insertTimer: RawStatement
    let selectState: RawStatement
    let dataVersion: RawStatement

    init(_ db: Database) throws {
        selectHead = try RawStatement(db, "SELECT number, last_sequence, last_hash FROM sessions WHERE id = ?")
        insertReceipt = try RawStatement(
            db, "INSERT INTO receipts (session, event, receipt) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        deleteReceipt = try RawStatement(db, "DELETE FROM receipts WHERE session = ? AND event = ?")
        insertRecord = try RawStatement(db, Self.insertRecordSQL)
        insertSession = try RawStatement(
            db,
            "INSERT INTO sessions (id, status, state, last_sequence, last_hash, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        updateSession = try RawStatement(
            db,
            "UPDATE sessions SET status = ?2, state = ?3, last_sequence = ?4, last_hash = ?5, updated_at = ?6 "
                + "WHERE number = ?1 AND last_sequence = ?7")
        deleteTimer = try RawStatement(
            db, "DELETE FROM timers WHERE due = ?3 AND session = ?1 AND kind = ?2 AND depth = ?4 AND visit = ?5")
        insertTimer = try RawStatement(
            db, "INSERT INTO timers (session, kind, due, depth, visit) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")
        selectState = try RawStatement(db, "SELECT status, state FROM sessions WHERE number = ?")
        dataVersion = try RawStatement(db, "PRAGMA data_version")
    }

    static let insertRecordSQL = """
        INSERT INTO traversal_log (
            session_number, session, sequence, journey, contact_point, flow, version, depth, from_state, to_state,
            trigger, event, guard, origin, reason, actor, role, org_unit, channel, entered_at,
            left_at, outcome, changes, note, previous_hash, hash, audit_fields)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                ?21, ?22, ?23, ?24, ?25, ?26, ?27)
        """

    /// The parameter of each text column of `PreparedStep.recordSpans`, in span order:
    /// session, journey, contact point, flow, version, from, to, trigger, event, guard,
    /// origin, reason, actor, role, org unit, channel, outcome, changes, note.
    static let recordTextParameters: [Int32] = [2, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 22, 23, 24]

    /// The session's chain head as stored.
    func head(of step: PreparedStep) throws(SQLiteFailure) -> ChainHead? {
        selectHead.bindText(1, step.pointer(step.sessionSpan), Int(step.sessionSpan.length))
        guard try selectHead.step() else {
            selectHead.reset()
            return nil
        }
        let head = ChainHead(
            number: selectHead.int64(0), sequence: selectHead.int64(1), hash: StoredHash.hex(selectHead.blob(2)), timers: nil)
        selectHead.reset()
        return head
    }

    static func storedHead(_ db: Database, _ session: String) throws -> ChainHead? {
        try Row.fetchOne(db, sql: "SELECT number, last_sequence, last_hash FROM sessions WHERE id = ?", arguments: [session])
            .map { row in
                let hash = (row[2] as Data?).map { $0.withUnsafeBytes { StoredHash.hex($0) } } ?? ""
                return ChainHead(number: row[0], sequence: row[1], hash: hash, timers: nil)
            }
    }

    /// The timers the session's rows hold: its stored state's, while it is active.
    func storedTimers(number: Int64) throws -> [ArmedTimer] {
        selectState.bind(1, number)
        defer { selectState.reset() }
        guard try selectState.step(), selectState.text(0) == "active" else { return [] }
        return try SessionStateCodec.decode(selectState.blob(1)).timers
    }
}

/// A timer row's key: every column, so that a row is removed exactly as it was written.
struct TimerKey: Hashable {
    var kind: TimerKind
    var due: Int64
    var depth: Int
    var visit: UInt32

    init(_ timer: ArmedTimer) {
        kind = timer.kind
        due = timer.due
        depth = timer.depth
        visit = timer.visit
    }

    /// Runs the insert or delete statement for this row (parameters: session, kind, due, depth, visit).
    func execute(_ statement: RawStatement, number: Int64) throws(SQLiteFailure) {
        statement.bind(1, number)
        statement.bindText(2, PreparedStep.timerKindText(kind))
        statement.bind(3, due)
        statement.bind(4, Int64(depth))
        statement.bind(5, Int64(visit))
        try statement.execute()
    }
}
