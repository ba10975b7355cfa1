import Foundation
import GRDB

/// The QA store: sampling campaigns, their samples and inspectors' verdicts, in their own
/// SQLite file beside the session store (`flowmap.qa.sqlite` for `flowmap.sqlite`), so
/// that the session store stays read-only for audits.
///
/// ```swift
/// let qa = try QAStore(path: QAStore.path(besideStore: "flowmap.sqlite"))
/// let drawn = try qa.draw(campaign: "nov", seed: 42, strata: .agent, size: 5,
///                         selection: "--period 2026-11", candidates: candidates, by: "qa-lead")
/// try qa.record(NewInspection(session: "S1", verdict: .pass, inspector: "Q1", inspectedAt: now))
/// let verdicts = try qa.currentVerdicts()   // [session id: pass/fail]
/// ```
///
/// Written with WAL and `synchronous = FULL`: an inspection acknowledged is on disk.
/// Append-only: SQLite triggers in the file refuse UPDATE and DELETE.
public final class QAStore: Sendable {
    public let path: String
    public let isReadOnly: Bool
    let pool: DatabasePool

    /// The QA store's path for a session store's: `x.qa.sqlite` for `x.sqlite`, else the
    /// path with `.qa.sqlite` added.
    public static func path(besideStore storePath: String) -> String {
        storePath.hasSuffix(".sqlite") ? String(storePath.dropLast(".sqlite".count)) + ".qa.sqlite" : storePath + ".qa.sqlite"
    }

    /// Opens (creating and migrating when needed) the QA store at `path`.
    /// - Parameter readOnly: opens an existing store without writing to it (listings, `audit measure`).
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        isReadOnly = readOnly
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        if readOnly, !FileManager.default.fileExists(atPath: path) {
            throw QAError.unavailable("no QA store at \(path)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            if readOnly {
                let complete = try pool.read { db in try QASchema.migrator.hasCompletedMigrations(db) }
                guard complete else { throw QAError.unavailable("\(path) is not a flowmap QA store, or an older one") }
                return
            }
            try QASchema.migrator.migrate(pool)
            // DatabasePool turns WAL on with synchronous = NORMAL after `prepareDatabase`; a
            // verdict entered must survive power loss, so FULL is set here and read back.
            let synchronous = try pool.writeWithoutTransaction { db -> Int in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                return try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            }
            guard synchronous == 2 else {
                throw QAError.unavailable("SQLite kept synchronous = \(synchronous) on \(path); the QA store needs FULL (2)")
            }
        } catch let error as QAError {
            throw error
        } catch let error as DatabaseError {
            throw QAError.unavailable("\(path): \(error.message ?? error.description)")
        }
    }

    /// The SQLite journal mode and synchronous level the writer uses (`wal`, 2 for FULL).
    public func durability() throws -> (journalMode: String, synchronous: Int) {
        try pool.writeWithoutTransaction { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
        }
    }

    /// Runs a write, turning SQLite's refusals (triggers, constraints) into `QAError.refused`.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        guard !isReadOnly else { throw QAError.unavailable("the QA store at \(path) is open read-only") }
        do {
            return try pool.write(body)
        } catch let error as QAError {
            throw error
        } catch let error as DatabaseError {
            throw QAError.refused(error.message ?? error.description)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as QAError {
            throw error
        } catch let error as DatabaseError {
            throw QAError.unavailable("\(path): \(error.message ?? error.description)")
        }
    }
}
