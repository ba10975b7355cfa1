import GRDB

/// The QA store's tables (docs/auditing.md, "Field-use measurement").
///
/// ```
/// campaigns    id, name UNIQUE, seed, created_at, created_by, selection (of its first draw)
/// draws        id, campaign, seed, strata, size, selection, drawn_at, drawn_by
/// samples      campaign, draw, session, session_number, stratum, rank; PK (campaign, session)
/// inspections  id, session, step, verdict, reason, note, inspector, inspected_at, supersedes
/// ```
///
/// Every table is append-only, and the file itself says so: triggers refuse UPDATE and
/// DELETE whoever writes, and a supersede must name an inspection of the same session and
/// step that nothing supersedes yet. A sample is unique per campaign and session.
enum QASchema {
    static let tables = ["campaigns", "draws", "samples", "inspections"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 campaigns, samples, inspections") { db in
            try db.create(table: "campaigns", options: [.strict]) { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique().check { length($0) > 0 }
                table.column("seed", .integer).notNull().check { $0 >= 0 }
                table.column("created_at", .integer).notNull()
                table.column("created_by", .text).notNull()
                table.column("selection", .text).notNull()
            }
            try db.create(table: "draws", options: [.strict]) { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("campaign", .integer).notNull().references("campaigns")
                table.column("seed", .integer).notNull()
                table.column("strata", .text).notNull().check { ["contact-point", "agent", "org-unit"].contains($0) }
                table.column("size", .integer).notNull().check { $0 > 0 }
                table.column("selection", .text).notNull()
                table.column("drawn_at", .integer).notNull()
                table.column("drawn_by", .text).notNull()
            }
            try db.create(table: "samples", options: [.strict]) { table in
                table.column("campaign", .integer).notNull().references("campaigns")
                table.column("draw", .integer).notNull().references("draws")
                table.column("session", .text).notNull()
                table.column("session_number", .integer).notNull()
                table.column("stratum", .text).notNull()
                table.column("rank", .integer).notNull()
                table.primaryKey(["campaign", "session"])
            }
            try db.create(index: "samples_by_session", on: "samples", columns: ["session"])
            try db.create(table: "inspections", options: [.strict]) { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("session", .text).notNull().check { length($0) > 0 }
                table.column("step", .integer).check { $0 >= 1 }
                table.column("verdict", .text).notNull().check { ["pass", "fail"].contains($0) }
                table.column("reason", .text)
                table.column("note", .text)
                table.column("inspector", .text).notNull().check { length($0) > 0 }
                table.column("inspected_at", .integer).notNull()
                // Unique: an inspection is corrected once; a later correction supersedes the correction.
                table.column("supersedes", .integer).unique().references("inspections")
                table.check(sql: "verdict = 'pass' OR (reason IS NOT NULL AND length(reason) > 0)")
            }
            try db.create(index: "inspections_by_session", on: "inspections", columns: ["session", "inspected_at"])

            for name in tables {
                try db.execute(sql: """
                    CREATE TRIGGER \(name)_append_only_update BEFORE UPDATE ON \(name)
                    BEGIN SELECT RAISE(ABORT, '\(name) are append-only: nothing is updated; a correction is a new record'); END;
                    CREATE TRIGGER \(name)_append_only_delete BEFORE DELETE ON \(name)
                    BEGIN SELECT RAISE(ABORT, '\(name) are append-only: nothing is deleted'); END;
                    """)
            }
            try db.execute(sql: """
                CREATE TRIGGER inspections_supersede_same_session BEFORE INSERT ON inspections
                WHEN NEW.supersedes IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM inspections WHERE id = NEW.supersedes AND session = NEW.session AND step IS NEW.step)
                BEGIN SELECT RAISE(ABORT, 'supersedes must name an inspection of the same session and step'); END;
                """)
        }
        return migrator
    }
}
