import Foundation
import GRDB

extension KeyStore {
    /// Logs a denied request: who (the key presented and its owner), what (the route) and why.
    /// - Parameter key: the id of the key presented, or of the key a bad token claimed; nil
    ///   when the request carried no token at all.
    public func recordDenial(key: String?, route: String, reason: String, at moment: Date) throws(KeyError) {
        try write { db in
            let known = try key.flatMap { try KeyRow.fetchOne(db, sql: "SELECT * FROM keys WHERE id = ?", arguments: [$0])?.key }
            try db.execute(
                sql: "INSERT INTO access_log (at, action, by, key, owner, route, reason) VALUES (?, 'denial', ?, ?, ?, ?, ?)",
                arguments: [moment.milliseconds, known?.owner ?? "?", key, known?.owner, route, reason])
        }
    }

    /// The access log, oldest first: admin actions and denials.
    public func log() throws(KeyError) -> [AccessLogEntry] {
        try read { db in
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
