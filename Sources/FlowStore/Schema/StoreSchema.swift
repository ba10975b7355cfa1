import GRDB

/// The store's tables, created and evolved by one `DatabaseMigrator`.
///
/// ```
/// sessions       number (rowid, in arrival order), id UNIQUE, status, state (SessionStateCodec),
///                last_sequence, last_hash (32-byte blob), updated_at
/// timers         due, session (number), kind, depth, visit   (active sessions only; keyed by due)
/// traversal_log  one row per LogRecord, every field a column, in arrival order (rowid);
///                previous_hash and hash as 32-byte blobs; key (session_number, sequence);
///                audit_fields: the fields the audit reads a step, packed (`AuditFields`; v2,
///                NULL in rows written before)
/// receipts       session (number), event, receipt (ReceiptCodec); keyed by (session, event),
///                without rowid
/// flow_versions  kind, document, version (SHA-256 of content), path, content, map_version, published_at
/// current_versions  kind, document -> version, since
/// publications   every time a version became current, in order
/// ```
///
/// Why sessions have numbers: a committed step dirties every B-tree page it touches, and the
/// WAL writes each dirty page whole at every commit. Keyed by the session's id (random:
/// UUIDs, call ids), a batch of a thousand steps touched a thousand pages in each table, some
/// 3.5 pages a step (14 KB of WAL for 1.5 records). Keyed by a number given in arrival order,
/// the sessions that are live now sit together at the end of each tree, and rows that are
/// only ever added (records, receipts) are appended in arrival order, so a batch touches few
/// pages. The id stays unique and indexed for lookups, and every record keeps it as its
/// `session` column.
///
/// What a logged record costs the writer: a B-tree insert into the log and one into its
/// (session_number, sequence) key, nothing more (the packed `audit_fields` are part of the
/// log's row: some 70 bytes, no insert of their own). The log has no other index: the audit reads
/// it in rowid order and `log verify` by its key; three indexes (by contact point, flow and
/// time) cost three more inserts a record and pages dirtied all over them. Hashes are
/// stored as their 32 bytes, not 64 hex digits (the chain still hashes the digits:
/// `RecordHashing`); a receipt is one B-tree insert (a table without rowid) instead of a
/// row and its key. With a cheaper preparation of each step (`PreparedStep`), the durable
/// benchmark went from 93 to 72 WAL pages per 100 steps, and from 61 to 42 µs of CPU per
/// step (docs/benchmarks.md, "Durable store").
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 sessions, timers, traversal log, receipts") { db in
            try db.create(table: "sessions", options: [.strict]) { table in
                table.column("number", .integer).primaryKey()
                table.column("id", .text).notNull().unique()
                table.column("status", .text).notNull()
                table.column("state", .blob).notNull()
                table.column("last_sequence", .integer).notNull()
                table.column("last_hash", .blob).notNull()
                table.column("updated_at", .integer).notNull()
            }
            // Ordered by due, the way the engine asks for them; a step removes and adds
            // exactly the timers that changed, by their whole key.
            try db.create(table: "timers", options: [.strict, .withoutRowID]) { table in
                table.column("due", .integer).notNull()
                table.column("session", .integer).notNull()
                table.column("kind", .text).notNull()
                table.column("depth", .integer).notNull()
                table.column("visit", .integer).notNull()
                table.primaryKey(["due", "session", "kind", "depth", "visit"])
            }

            try db.create(table: "traversal_log", options: [.strict]) { table in
                table.column("session_number", .integer).notNull()
                table.column("session", .text).notNull()
                table.column("sequence", .integer).notNull()
                table.column("journey", .text).notNull()
                table.column("contact_point", .text).notNull()
                table.column("flow", .text).notNull()
                table.column("version", .text).notNull()
                table.column("depth", .integer).notNull()
                table.column("from_state", .text)
                table.column("to_state", .text)
                table.column("trigger", .text).notNull()
                table.column("event", .text)
                table.column("guard", .text)
                table.column("origin", .text)
                table.column("reason", .text)
                table.column("actor", .text)
                table.column("role", .text)
                table.column("org_unit", .text)
                table.column("channel", .text).notNull()
                table.column("entered_at", .integer).notNull()
                table.column("left_at", .integer).notNull()
                table.column("outcome", .text)
                table.column("changes", .text).notNull()
                table.column("note", .text)
                table.column("previous_hash", .blob).notNull()
                table.column("hash", .blob).notNull()
                table.primaryKey(["session_number", "sequence"])
            }

            try db.create(table: "receipts", options: [.strict, .withoutRowID]) { table in
                table.column("session", .integer).notNull()
                table.column("event", .text).notNull()
                table.column("receipt", .blob).notNull()
                table.primaryKey(["session", "event"])
            }
        }
        migrator.registerMigration("v1 published versions") { db in
            try db.create(table: "flow_versions", options: [.strict]) { table in
                table.column("kind", .text).notNull().check { ["flow", "flow-map"].contains($0) }
                table.column("document", .text).notNull()
                table.column("version", .text).notNull()
                table.column("path", .text).notNull()
                table.column("content", .blob).notNull()
                table.column("map_version", .text)
                table.column("published_at", .integer).notNull()
                table.primaryKey(["kind", "document", "version"])
            }
            try db.create(table: "current_versions", options: [.strict]) { table in
                table.column("kind", .text).notNull()
                table.column("document", .text).notNull()
                table.column("version", .text).notNull()
                table.column("since", .integer).notNull()
                table.primaryKey(["kind", "document"])
                table.foreignKey(["kind", "document", "version"], references: "flow_versions")
            }
            try db.create(table: "publications", options: [.strict]) { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("kind", .text).notNull()
                table.column("document", .text).notNull()
                table.column("version", .text).notNull()
                table.column("published_at", .integer).notNull()
                table.foreignKey(["kind", "document", "version"], references: "flow_versions")
            }
        }
        migrator.registerMigration("v2 audit fields") { db in
            // Added as the last column: SQLite adds it without rewriting the table, and rows
            // written before it read NULL there (the audit then reads their columns).
            try db.alter(table: "traversal_log") { table in table.add(column: "audit_fields", .blob) }
        }
        return migrator
    }

    /// The migrations a store must have for read-only use: those of its first version
    /// (a store written before `audit_fields` is read through its columns).
    static let readableMigrations: Set<String> = ["v1 sessions, timers, traversal log, receipts", "v1 published versions"]

    /// Whether the store at `db` can be read (not necessarily written) by this version.
    static func isReadable(_ db: Database) throws -> Bool {
        readableMigrations.isSubset(of: try migrator.appliedIdentifiers(db))
    }
}
