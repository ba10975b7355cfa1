import GRDB
import GRDBSQLite

/// An SQLite failure on the raw path, with SQLite's primary result code.
struct SQLiteFailure: Error, CustomStringConvertible {
    var code: Int32
    var message: String

    var isConstraint: Bool { code & 0xFF == SQLITE_CONSTRAINT }
    var description: String { "SQLite error \(code): \(message)" }
}

/// A prepared statement driven through the C API: binding and stepping without GRDB's
/// per-row argument boxing (about 1 µs a row, most of the store's write cost otherwise).
///
/// Text and blobs are bound `SQLITE_STATIC`: the caller keeps the bytes alive and unchanged
/// until the statement has been stepped and reset.
struct RawStatement {
    let handle: OpaquePointer
    let connection: OpaquePointer

    init(_ db: Database, _ sql: String) throws {
        let statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection!
    }

    @inline(__always)
    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    @inline(__always)
    func bindNull(_ index: Int32) {
        sqlite3_bind_null(handle, index)
    }

    /// UTF-8 text of `count` bytes at `start`; the bytes must outlive the step.
    @inline(__always)
    func bindText(_ index: Int32, _ start: UnsafeRawPointer, _ count: Int) {
        sqlite3_bind_text(handle, index, start.assumingMemoryBound(to: CChar.self), Int32(count), nil)
    }

    @inline(__always)
    func bindBlob(_ index: Int32, _ start: UnsafeRawPointer, _ count: Int) {
        sqlite3_bind_blob(handle, index, start, Int32(count), nil)
    }

    @inline(__always)
    func bindText(_ index: Int32, _ text: StaticString) {
        sqlite3_bind_text(handle, index, UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self), Int32(text.utf8CodeUnitCount), nil)
    }

    /// Binds bytes by copying them (for the few values off the hot path).
    func bindBlobCopy(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes {
            _ = sqlite3_bind_blob(handle, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count),
                unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    /// Binds a Swift string by copying it (for the few strings off the hot path).
    func bindCopy(_ index: Int32, _ text: String) {
        sqlite3_bind_text(handle, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    /// Steps a statement that returns no rows, and resets it.
    @inline(__always)
    func execute() throws(SQLiteFailure) {
        let code = sqlite3_step(handle)
        if code != SQLITE_DONE {
            let failure = SQLiteFailure(code: sqlite3_extended_errcode(connection), message: String(cString: sqlite3_errmsg(connection)))
            sqlite3_reset(handle)
            throw failure
        }
        sqlite3_reset(handle)
    }

    /// Steps to the first row; false when there is none. Call `reset()` after reading it.
    func step() throws(SQLiteFailure) -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        let failure = SQLiteFailure(code: sqlite3_extended_errcode(connection), message: String(cString: sqlite3_errmsg(connection)))
        sqlite3_reset(handle)
        throw failure
    }

    func reset() { sqlite3_reset(handle) }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String? {
        guard let start = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }

    /// The column's bytes, valid until the next step or reset.
    func blob(_ column: Int32) -> UnsafeRawBufferPointer {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let start = sqlite3_column_blob(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: start, count: count)
    }

    /// The rowid of the last row inserted on the connection.
    var lastInsertedRow: Int64 { sqlite3_last_insert_rowid(connection) }

    /// Rows changed by the last statement on the connection.
    var changes: Int32 { sqlite3_changes(connection) }
}
