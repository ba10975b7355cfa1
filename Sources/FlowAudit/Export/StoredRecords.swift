import FlowConformance
import FlowRuntime
import GRDBSQLite

/// A traversal record's columns exactly as the log stores them: every field the hash chain
/// covers (`RecordHashing`), and the two hashes in hex.
struct StoredRecord: Sendable, Hashable {
    var session: String
    var sequence: Int64
    var journey: String
    var contactPoint: String
    var flow: String
    var version: String
    var depth: Int
    var from: String?
    var to: String?
    var trigger: String
    var event: String?
    var guardText: String?
    var origin: String?
    var reason: String?
    var actor: String?
    var role: String?
    var orgUnit: String?
    var channel: String
    var enteredAt: Int64
    var leftAt: Int64
    var outcome: String?
    /// `name=value; name=***`, as the runtime wrote it.
    var changes: String
    var note: String?
    var previousHash: String
    var hash: String
}

/// Reads a finished session's stored records by its key, for the exports that carry every
/// field of the log (CSV, JSON Lines) and the hashes (XES, OCEL).
///
/// The scanner's `TraceStep`s keep what the measures need, as interned ids; the variable
/// changes, notes, guards, transition origins and hashes stay in the store. They are read
/// here, one session at a time through the log's (session_number, sequence) key, on a
/// read-only connection of its own. Its snapshot is taken at the first lookup, after the
/// scanner's, so it holds every record the scanner saw: a finished session's records never
/// change.
final class StoredRecords {
    private let connection: ScanConnection
    private let statement: OpaquePointer
    private var began = false

    init(path: String) throws {
        connection = try ScanConnection(path: path)
        statement = try connection.prepare("""
            SELECT session, sequence, journey, contact_point, flow, version, depth, from_state, to_state, trigger, \
            event, guard, origin, reason, actor, role, org_unit, channel, entered_at, left_at, outcome, changes, note, \
            previous_hash, hash FROM traversal_log WHERE session_number = ? AND sequence <= ? ORDER BY sequence
            """)
    }

    deinit {
        sqlite3_finalize(statement)
        if began { sqlite3_exec(connection.handle, "COMMIT", nil, nil, nil) }
    }

    /// The stored records of a session the scanner handed over, in sequence order: as many
    /// as its trace has steps.
    ///
    /// - Throws: `AuditError.database`, or `.unreadableRecord` when the stored records do
    ///   not match the trace's (a log that changed under the export).
    func records(of trace: SessionTrace) throws -> [StoredRecord] {
        if !began {
            // One snapshot for the whole export.
            guard sqlite3_exec(connection.handle, "BEGIN", nil, nil, nil) == SQLITE_OK else {
                throw AuditError.database(path: connection.path, message: connection.lastError)
            }
            began = true
        }
        let last = trace.steps.last.map { Int64($0.sequence) } ?? 0
        sqlite3_reset(statement)
        sqlite3_bind_int64(statement, 1, trace.number)
        sqlite3_bind_int64(statement, 2, last)
        var records: [StoredRecord] = []
        records.reserveCapacity(trace.steps.count)
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw AuditError.database(path: connection.path, message: connection.lastError) }
            records.append(Self.record(statement))
        }
        guard records.count == trace.steps.count,
            zip(records, trace.steps).allSatisfy({ $0.sequence == Int64($1.sequence) })
        else {
            throw AuditError.unreadableRecord(
                session: trace.session, sequence: last,
                problem: "the log holds \(records.count) records up to \(last), the scan read \(trace.steps.count)")
        }
        return records
    }

    private static func record(_ row: OpaquePointer) -> StoredRecord {
        func text(_ column: Int32) -> String? { RowDecoder.text(row, column) }
        func int(_ column: Int32) -> Int64 { sqlite3_column_int64(row, column) }
        return StoredRecord(
            session: text(0) ?? "", sequence: int(1), journey: text(2) ?? "", contactPoint: text(3) ?? "",
            flow: text(4) ?? "", version: text(5) ?? "", depth: Int(int(6)), from: text(7), to: text(8),
            trigger: text(9) ?? "", event: text(10), guardText: text(11), origin: text(12), reason: text(13),
            actor: text(14), role: text(15), orgUnit: text(16), channel: text(17) ?? "", enteredAt: int(18),
            leftAt: int(19), outcome: text(20), changes: text(21) ?? "", note: text(22), previousHash: hex(row, 23),
            hash: hex(row, 24))
    }

    /// A hash blob (32 bytes) as 64 lowercase hex digits: the form the chain hashes.
    private static func hex(_ row: OpaquePointer, _ column: Int32) -> String {
        guard let blob = sqlite3_column_blob(row, column) else { return "" }
        let bytes = UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(row, column)))
        return String(unsafeUninitializedCapacity: 2 * bytes.count) { out in
            RecordHashing.writeHex(bytes, to: UnsafeMutableRawPointer(out.baseAddress!))
            return 2 * bytes.count
        }
    }
}
