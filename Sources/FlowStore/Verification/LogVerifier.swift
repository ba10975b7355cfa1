import FlowRuntime
import GRDB

/// Recomputes every session's hash chain from the stored columns and reports where each
/// broken chain first breaks: a changed record, a missing or moved one, an altered link.
///
/// ```swift
/// let store = try SQLiteSessionStore(path: "flowmap.sqlite", readOnly: true)
/// let result = try LogVerifier(store: store).verify()
/// print(result.report)   // "1200 sessions, 31877 records: chain intact"
/// ```
///
/// It streams: the log is read in (session, sequence) order in one read transaction (a
/// consistent snapshot while the engine goes on writing), beside the sessions table in
/// the same order, holding one record and one session at a time.
public struct LogVerifier: Sendable {
    private let store: SQLiteSessionStore

    public init(store: SQLiteSessionStore) {
        self.store = store
    }

    /// How far out of place a tampered record is looked for, either way, before it is called changed.
    static let moveSearch: Int64 = 16

    public func verify() throws -> LogVerification {
        try store.pool.read { db in try Self.verify(db) }
    }

    static func verify(_ db: Database) throws -> LogVerification {
        // Stores written before v2 have no packed audit fields to check.
        let packed = try AuditFields.areStored(in: db)
        let log = try RawStatement(
            db,
            "SELECT \(LogRecord.columns), session_number\(packed ? ", audit_fields" : "") FROM traversal_log "
                + "ORDER BY session_number, sequence")
        let auditColumn = Int32(LogRecord.columnCount + 1)
        // The packed fields each record's columns give, made in one buffer for the whole log.
        var expected: [UInt8] = []
        expected.reserveCapacity(256)
        let sessions = try RawStatement(db, "SELECT number, id, last_sequence, last_hash FROM sessions ORDER BY number")
        defer {
            log.reset()
            sessions.reset()
        }
        var result = LogVerification()
        var chain: SessionChain?
        var nextSession = try readSession(sessions)

        func finish(_ chain: SessionChain) {
            result.sessions += 1
            if let problem = chain.finish() { result.problems.append(problem) }
        }

        while try log.step() {
            let record = LogRecord.read(log)
            let number = log.int64(Int32(LogRecord.columnCount))
            result.records += 1
            if chain?.number != number {
                if let chain { finish(chain) }
                // Sessions with no records at all come before this one in number order.
                while let head = nextSession, head.number < number {
                    finish(SessionChain(number: head.number, id: head.id, stored: head))
                    nextSession = try readSession(sessions)
                }
                if let head = nextSession, head.number == number {
                    chain = SessionChain(number: number, id: head.id, stored: head)
                    nextSession = try readSession(sessions)
                } else {
                    chain = SessionChain(number: number, id: record.session, stored: nil)
                }
            }
            chain?.add(record)
            if packed, !log.isNull(auditColumn) {
                expected.removeAll(keepingCapacity: true)
                AuditFields.encode(record, into: &expected)
                chain?.check(record, packed: log.blob(auditColumn), expected: expected)
            }
        }
        if let chain { finish(chain) }
        while let head = nextSession {
            finish(SessionChain(number: head.number, id: head.id, stored: head))
            nextSession = try readSession(sessions)
        }
        return result
    }

    private static func readSession(_ statement: RawStatement) throws -> StoredHead? {
        guard try statement.step() else { return nil }
        return StoredHead(
            number: statement.int64(0), id: statement.text(1) ?? "", sequence: statement.int64(2),
            hash: StoredHash.hex(statement.blob(3)))
    }
}

/// A session's row in the sessions table: where its chain should end.
struct StoredHead {
    var number: Int64
    var id: String
    var sequence: Int64
    var hash: String
}

/// One session's chain as it streams past.
private struct SessionChain {
    let number: Int64
    let id: String
    let stored: StoredHead?
    var expected: Int64 = 1
    var previous = RecordHashing.genesis
    var problem: ChainProblem?

    init(number: Int64, id: String, stored: StoredHead?) {
        self.number = number
        self.id = id
        self.stored = stored
    }

    mutating func add(_ record: LogRecord) {
        guard problem == nil else { return }
        if record.sequence != expected {
            // The primary key keeps sequences rising; a jump means records were removed.
            problem = ChainProblem(session: id, sequence: expected, kind: .missing(through: record.sequence - 1))
            return
        }
        let linked = record.previousHash == previous
        let consistent = RecordHashing.hash(record, previous: record.previousHash) == record.hash
        if !linked || !consistent {
            problem = ChainProblem(session: id, sequence: record.sequence, kind: diagnose(record, linked: linked, consistent: consistent))
            return
        }
        previous = record.hash
        expected += 1
    }

    private func diagnose(_ record: LogRecord, linked: Bool, consistent: Bool) -> ChainProblem.Kind {
        if consistent { return .doesNotFollow }
        if !linked, RecordHashing.hash(record, previous: previous) == record.hash { return .previousHashChanged }
        // A record that verifies under another sequence number was moved here.
        let search = LogVerifier.moveSearch
        for offset in 1...search {
            for candidate in [record.sequence - offset, record.sequence + offset] where candidate >= 1 {
                var moved = record
                moved.sequence = candidate
                if RecordHashing.hash(moved, previous: record.previousHash) == record.hash { return .moved(from: candidate) }
            }
        }
        return .changed
    }

    /// After `add`: the record's packed audit fields must be what its columns give (`expected`).
    mutating func check(_ record: LogRecord, packed: UnsafeRawBufferPointer, expected: [UInt8]) {
        guard problem == nil else { return }
        if !expected.elementsEqual(packed) {
            problem = ChainProblem(session: id, sequence: record.sequence, kind: .auditFieldsDiffer)
        }
    }

    /// The first problem, including what the sessions table says the chain should end with.
    func finish() -> ChainProblem? {
        if let problem { return problem }
        let last = expected - 1
        guard let stored else {
            return ChainProblem(session: id, sequence: 1, kind: .unknownSession)
        }
        if stored.sequence > last {
            return ChainProblem(session: id, sequence: last + 1, kind: .missing(through: stored.sequence))
        }
        if stored.sequence < last || (last > 0 && stored.hash != previous) {
            return ChainProblem(session: id, sequence: last, kind: .headMismatch)
        }
        return nil
    }
}
