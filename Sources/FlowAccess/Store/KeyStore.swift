import Foundation
import GRDB

/// The key store: the service's keys and its access log, in their own SQLite file beside the
/// session store (`flowmap.keys.sqlite` for `flowmap.sqlite`).
///
/// ```swift
/// let keys = try KeyStore(path: KeyStore.path(besideStore: "flowmap.sqlite"))
/// let (key, token) = try keys.create(owner: "ivr-gateway", role: .adapter,
///                                    scope: KeyScope(channels: ["ivr"]), by: "root", at: now)
/// print(token.text)                  // shown once; only its SHA-256 is kept
/// switch try keys.verify(token.text, at: now) { ... }
/// try keys.recordDenial(key: key.id, route: "POST /v1/publish", reason: "needs designer", at: now)
/// ```
///
/// Written with WAL and `synchronous = FULL`: a key disabled is disabled on disk.
public final class KeyStore: Sendable {
    public let path: String
    public let isReadOnly: Bool
    let pool: DatabasePool
    /// Keys verified before, valid until the key store next changes.
    let verified: VerifiedKeys
    /// Denials waiting to be written (in batches, off the request's path).
    let denials: DenialQueue

    /// The key store's path for a session store's: `x.keys.sqlite` for `x.sqlite`, else the
    /// path with `.keys.sqlite` added.
    public static func path(besideStore storePath: String) -> String {
        storePath.hasSuffix(".sqlite")
            ? String(storePath.dropLast(".sqlite".count)) + ".keys.sqlite" : storePath + ".keys.sqlite"
    }

    /// Opens (creating and migrating when needed) the key store at `path`.
    /// - Parameter readOnly: opens an existing key store without writing to it (listings, the log).
    public init(path: String, readOnly: Bool = false) throws(KeyError) {
        self.path = path
        isReadOnly = readOnly
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        if readOnly, !FileManager.default.fileExists(atPath: path) {
            throw .unavailable("no key store at \(path)")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            self.pool = pool
            verified = VerifiedKeys(path: readOnly ? nil : path)
            denials = DenialQueue(pool: pool)
            if readOnly {
                let complete = try pool.read { db in try KeySchema.migrator.hasCompletedMigrations(db) }
                guard complete else { throw KeyError.unavailable("\(path) is not a flowmap key store, or an older one") }
                return
            }
            try KeySchema.migrator.migrate(pool)
            // DatabasePool turns WAL on with synchronous = NORMAL after `prepareDatabase`; a
            // key disabled must stay disabled after power loss, so FULL is set and read back.
            let synchronous = try pool.writeWithoutTransaction { db -> Int in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                return try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            }
            guard synchronous == 2 else {
                throw KeyError.unavailable("SQLite kept synchronous = \(synchronous) on \(path); the key store needs FULL (2)")
            }
        } catch let error as KeyError {
            throw error
        } catch let error as DatabaseError {
            throw .unavailable("\(path): \(error.message ?? error.description)")
        } catch {
            throw .unavailable("\(path): \(error)")
        }
    }

    /// The SQLite journal mode and synchronous level the writer uses (`wal`, 2 for FULL).
    public func durability() throws(KeyError) -> (journalMode: String, synchronous: Int) {
        try write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
        }
    }

    /// Runs a write transaction, turning SQLite's refusals (triggers, constraints) into
    /// `KeyError.refused`.
    func write<T>(_ body: (Database) throws -> T) throws(KeyError) -> T {
        guard !isReadOnly else { throw .unavailable("the key store at \(path) is open read-only") }
        // Denials queued before this write go into the log before it, in order.
        try flushDenials()
        defer { verified.clear() }
        do {
            return try pool.write(body)
        } catch let error as KeyError {
            throw error
        } catch let error as DatabaseError {
            throw .refused(error.message ?? error.description)
        } catch {
            throw .refused("\(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(KeyError) -> T {
        do {
            return try pool.read(body)
        } catch let error as KeyError {
            throw error
        } catch let error as DatabaseError {
            throw .unavailable("\(path): \(error.message ?? error.description)")
        } catch {
            throw .unavailable("\(path): \(error)")
        }
    }
}
