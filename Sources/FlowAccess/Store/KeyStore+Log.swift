import Foundation
import GRDB

extension KeyStore {
    /// Logs a denied request: who (the key presented and its owner), what (the route) and why.
    /// - Parameter key: the id of the key presented, or of the key a bad token claimed; nil
    ///   when the request carried no token at all.
    public func recordDenial(key: String?, route: String, reason: String, at moment: Date) throws(KeyError) {
        guard !isReadOnly else { throw .unavailable("the key store at \(path) is open read-only") }
        denials.add(DenialQueue.Denial(at: moment.milliseconds, key: key, route: route, reason: reason))
    }

    /// Writes the denials still queued (`recordDenial` batches them); `log()` does it first.
    public func flushDenials() throws(KeyError) {
        guard !isReadOnly else { return }
        do {
            try denials.flush()
        } catch let error as DatabaseError {
            throw .unavailable("\(path): \(error.message ?? error.description)")
        } catch {
            throw .unavailable("\(path): \(error)")
        }
    }

    /// The access log, oldest first: admin actions and denials.
    public func log() throws(KeyError) -> [AccessLogEntry] {
        try flushDenials()
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM access_log ORDER BY id").map { row in
                let action: String = row["action"]
                return AccessLogEntry(
                    id: row["id"], at: Date(milliseconds: row["at"]), action: AccessLogEntry.Action(rawValue: action) ?? .denial,
                    by: row["by"], key: row["key"], owner: row["owner"], route: row["route"], reason: row["reason"])
            }
        }
    }

    static func log(
        _ action: AccessLogEntry.Action, by: String, key: AccessKey, route: String?, reason: String?, at moment: Date, _ db: Database
    ) throws {
        try db.execute(
            sql: "INSERT INTO access_log (at, action, by, key, owner, route, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [moment.milliseconds, action.rawValue, by, key.id, key.owner, route, reason])
    }
}
