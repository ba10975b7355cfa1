import GRDBSQLite

/// The scanner's own connection to the store: read-only, opened through SQLite's C API in
/// multi-thread mode (`SQLITE_OPEN_NOMUTEX`). The log is read on one thread by one
/// connection, so SQLite's per-call mutex (taken twice by every `sqlite3_column_*` call,
/// some 25 calls a record) buys nothing there; GRDB does not offer that mode. Made on the
/// calling thread and then used by the reader thread alone.
final class ScanConnection: @unchecked Sendable {
    let handle: OpaquePointer
    let path: String

    init(path: String) throws(AuditError) {
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(path, &opened, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open (code \(code))"
            if let opened { sqlite3_close_v2(opened) }
            throw .database(path: path, message: message)
        }
        handle = opened
        self.path = path
        sqlite3_busy_timeout(handle, 10_000)
        // A 64 MB page cache for the one long scan.
        sqlite3_exec(handle, "PRAGMA cache_size = -65536", nil, nil, nil)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// A prepared statement; finalize it with `sqlite3_finalize` when done.
    func prepare(_ sql: String) throws(AuditError) -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw .database(path: path, message: String(cString: sqlite3_errmsg(handle)))
        }
        return statement
    }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// Runs `body` inside one read transaction: one snapshot of the log for the whole scan.
    func reading<T>(_ body: () throws -> T) throws -> T {
        guard sqlite3_exec(handle, "BEGIN", nil, nil, nil) == SQLITE_OK else {
            throw AuditError.database(path: path, message: lastError)
        }
        defer { sqlite3_exec(handle, "COMMIT", nil, nil, nil) }
        return try body()
    }
}
