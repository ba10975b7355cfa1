import GRDB

extension AuditStore {
    /// The number of records a session's log holds; nil when the store has no such session.
    /// For checking what an inspection names before it is recorded.
    public func recordCount(session id: String) throws -> Int64? {
        try read { db in
            guard let number = try Int64.fetchOne(db, sql: "SELECT number FROM sessions WHERE id = ?", arguments: [id]) else {
                return nil
            }
            return try Int64.fetchOne(db, sql: "SELECT count(*) FROM traversal_log WHERE session_number = ?", arguments: [number])
        }
    }
}
