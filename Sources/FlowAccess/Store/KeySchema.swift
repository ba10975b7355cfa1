import GRDB

/// The key store's tables (docs/service.md, "Keys").
///
/// ```
/// keys        id PK, owner, role, channels (space-separated), agent, pii_reader,
///             secret_sha256 (32 bytes, unique), created_at, created_by,
///             disabled_at, disabled_by, disabled_reason, rotated_from (unique)
/// access_log  id, at, action (create|disable|rotate|denial), by, key, owner, route, reason
/// ```
///
/// Keys are never deleted, and of a key only its end may change: triggers refuse DELETE,
/// any change to who, what or the secret, and a `disabled_at` moved later (a disabled key
/// is never enabled again). The access log is append-only: triggers refuse UPDATE and DELETE.
/// Times are milliseconds since 1970 (UTC).
enum KeySchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 keys, access log") { db in
            try db.create(table: "keys", options: [.strict]) { table in
                table.primaryKey("id", .text).check { length($0) == 16 }
                table.column("owner", .text).notNull().check { length($0) > 0 }
                table.column("role", .text).notNull().check { Role.allCases.map(\.rawValue).contains($0) }
                table.column("channels", .text).notNull()
                table.column("agent", .text)
                table.column("pii_reader", .integer).notNull().check { [0, 1].contains($0) }
                table.column("secret_sha256", .blob).notNull().unique().check { length($0) == 32 }
                table.column("created_at", .integer).notNull()
                table.column("created_by", .text).notNull().check { length($0) > 0 }
                table.column("disabled_at", .integer)
                table.column("disabled_by", .text)
                table.column("disabled_reason", .text)
                table.column("rotated_from", .text).unique().references("keys")
                table.check(sql: "(disabled_at IS NULL) = (disabled_by IS NULL) AND (disabled_at IS NULL) = (disabled_reason IS NULL)")
            }
            try db.create(table: "access_log", options: [.strict]) { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("at", .integer).notNull()
                table.column("action", .text).notNull().check { ["create", "disable", "rotate", "denial"].contains($0) }
                table.column("by", .text).notNull()
                table.column("key", .text)
                table.column("owner", .text)
                table.column("route", .text)
                table.column("reason", .text)
            }
            try db.create(index: "access_log_by_key", on: "access_log", columns: ["key", "at"])
            try db.execute(sql: """
                CREATE TRIGGER keys_never_deleted BEFORE DELETE ON keys
                BEGIN SELECT RAISE(ABORT, 'keys are never deleted: disable the key instead'); END;
                CREATE TRIGGER keys_only_their_end_changes BEFORE UPDATE ON keys
                WHEN NEW.id IS NOT OLD.id OR NEW.owner IS NOT OLD.owner OR NEW.role IS NOT OLD.role
                  OR NEW.channels IS NOT OLD.channels OR NEW.agent IS NOT OLD.agent
                  OR NEW.pii_reader IS NOT OLD.pii_reader OR NEW.secret_sha256 IS NOT OLD.secret_sha256
                  OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
                  OR NEW.rotated_from IS NOT OLD.rotated_from
                BEGIN SELECT RAISE(ABORT, 'a key is never changed, only disabled'); END;
                CREATE TRIGGER keys_never_enabled_again BEFORE UPDATE ON keys
                WHEN OLD.disabled_at IS NOT NULL AND (NEW.disabled_at IS NULL OR NEW.disabled_at > OLD.disabled_at)
                BEGIN SELECT RAISE(ABORT, 'a disabled key is never enabled again, nor its end moved later'); END;
                CREATE TRIGGER access_log_append_only_update BEFORE UPDATE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only: nothing is updated'); END;
                CREATE TRIGGER access_log_append_only_delete BEFORE DELETE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only: nothing is deleted'); END;
                """)
        }
        return migrator
    }
}
