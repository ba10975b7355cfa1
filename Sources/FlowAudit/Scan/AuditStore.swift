import Foundation
import GRDB

/// A flowmap store opened for auditing: read-only, never changed.
///
/// ```swift
/// let store = try AuditStore(path: "flowmap.sqlite")
/// let catalog = try AuditCatalog(store: store)
/// ```
///
/// SQLite opens the file with `SQLITE_OPEN_READONLY`; the scanner reads the log through a
/// connection of its own (`ScanConnection`), also read-only.
public final class AuditStore: Sendable {
    public let path: String
    /// Threads that read the log at once in a scan of this store (`LogScanner`).
    public let readers: Int
    let queue: DatabaseQueue

    /// Opens the store at `path` read-only, to be scanned by `readers` threads at once.
    /// - Throws: `AuditError.missingStore` when there is no file, `.notAStore` when it has
    ///   no traversal log or published versions.
    public init(path: String, readers: Int = LogScanner.defaultReaders) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw AuditError.missingStore(path: path) }
        self.path = path
        self.readers = max(readers, 1)
        do {
            queue = try DatabaseQueue(path: path, configuration: Self.configuration())
            let tables = try queue.read { db in
                try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            for table in ["traversal_log", "flow_versions", "current_versions", "sessions"] where !tables.contains(table) {
                throw AuditError.notAStore(path: path, reason: "it has no \(table) table")
            }
        } catch let error as AuditError {
            throw error
        } catch {
            throw AuditError.notAStore(path: path, reason: "\(error)")
        }
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // A page cache of 64 MB for the one long scan. (Memory-mapped reads were no faster
            // here, and would count the mapped file in the process's resident memory.)
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        return configuration
    }

    /// Reads on the store's connection.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as AuditError {
            throw error
        } catch let error as DatabaseError {
            throw AuditError.database(path: path, message: error.message ?? "\(error)")
        }
    }

    /// How many records the log holds (SQLite counts the rows; no index needed).
    public func recordCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM traversal_log") ?? 0 }
    }

    /// A session's number in the store, nil when there is no such session.
    public func sessionNumber(id: String) throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT number FROM sessions WHERE id = ?", arguments: [id]) }
    }
}
