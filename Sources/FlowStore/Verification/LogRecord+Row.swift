import FlowRuntime
import Foundation

extension LogRecord {
    /// The traversal log's columns in the order `read(_:)` expects them.
    static let columns = """
        session, sequence, journey, contact_point, flow, version, depth, from_state, to_state, trigger, \
        event, guard, origin, reason, actor, role, org_unit, channel, entered_at, left_at, \
        outcome, changes, note, previous_hash, hash
        """
    static let columnCount = 25

    /// The record in the current row of a statement selecting `columns`.
    static func read(_ row: RawStatement) -> LogRecord {
        var record = LogRecord.blank
        record.session = row.text(0) ?? ""
        record.sequence = row.int64(1)
        record.journey = row.text(2) ?? ""
        record.contactPoint = row.text(3) ?? ""
        record.flow = row.text(4) ?? ""
        record.version = row.text(5) ?? ""
        record.depth = Int(row.int64(6))
        record.from = row.text(7)
        record.to = row.text(8)
        record.trigger = row.text(9) ?? ""
        record.event = row.text(10)
        record.guardText = row.text(11)
        record.origin = row.text(12)
        record.reason = row.text(13)
        record.actor = row.text(14)
        record.role = row.text(15)
        record.orgUnit = row.text(16)
        record.channel = row.text(17) ?? ""
        record.enteredAt = row.int64(18)
        record.leftAt = row.int64(19)
        record.outcome = row.text(20)
        record.changes = row.text(21) ?? ""
        record.note = row.text(22)
        // Stored as 32 bytes, carried as hex digits (what the chain hashes).
        record.previousHash = StoredHash.hex(row.blob(23))
        record.hash = StoredHash.hex(row.blob(24))
        return record
    }

    /// An empty record whose fields are then set one by one: `LogRecord` has no public
    /// memberwise initialiser, so rows read back from the log start from this value, made
    /// once through its `Codable` conformance. (Replace with the initialiser once
    /// FlowRuntime offers one.)
    static let blank: LogRecord = {
        let json = """
            {"session":"","sequence":0,"journey":"","contactPoint":"","flow":"","version":"","depth":0,
             "trigger":"","channel":"","enteredAt":0,"leftAt":0,"changes":"","previousHash":"","hash":""}
            """
        do {
            return try JSONDecoder().decode(LogRecord.self, from: Data(json.utf8))
        } catch {
            fatalError("LogRecord's Codable form changed: \(error)")
        }
    }()
}
