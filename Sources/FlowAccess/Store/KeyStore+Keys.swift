import Foundation
import GRDB

extension KeyStore {
    /// Creates a key and logs the creation; returns the key and its token, whose secret is
    /// shown only now (the store keeps its SHA-256).
    public func create(owner: String, role: Role, scope: KeyScope, by admin: String, at moment: Date) throws(KeyError)
        -> (key: AccessKey, token: KeyToken)
    {
        try Self.checkName(owner, field: "owner")
        try Self.checkName(admin, field: "by")
        try scope.check(for: role)
        return try write { db in try Self.insert(owner: owner, role: role, scope: scope, by: admin, at: moment, rotatedFrom: nil, db) }
    }

    /// The key with this id, or nil.
    public func key(id: String) throws(KeyError) -> AccessKey? {
        try read { db in try KeyRow.fetchOne(db, sql: "SELECT * FROM keys WHERE id = ?", arguments: [id])?.key }
    }

    /// The keys in order of creation: those active at `moment`, or all with `includeDisabled`.
    public func keys(includeDisabled: Bool = false, at moment: Date) throws(KeyError) -> [AccessKey] {
        let all = try read { db in try KeyRow.fetchAll(db, sql: "SELECT * FROM keys ORDER BY created_at, rowid").map(\.key) }
        return includeDisabled ? all : all.filter { $0.status(at: moment) == .active }
    }

    /// Disables a key now, with who and why, and logs it. A key whose rotation grace period
    /// is still running is disabled at once.
    @discardableResult
    public func disable(id: String, by admin: String, reason: String, at moment: Date) throws(KeyError) -> AccessKey {
        try Self.checkName(admin, field: "by")
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .badValue(field: "reason", value: reason, expected: "a reason (why the key is disabled)")
        }
        return try write { db in
            let key = try Self.activeKey(id: id, at: moment, db)
            try db.execute(
                sql: "UPDATE keys SET disabled_at = ?, disabled_by = ?, disabled_reason = ? WHERE id = ?",
                arguments: [moment.milliseconds, admin, reason, id])
            try Self.log(.disable, by: admin, key: key, route: nil, reason: reason, at: moment, db)
            var disabled = key
            disabled.disabledAt = moment.truncatedToMilliseconds
            disabled.disabledBy = admin
            disabled.disabledReason = reason
            return disabled
        }
    }

    /// Replaces a key by a new one with the same owner, role and scope; the old key stops
    /// working after `grace` (at once when zero). Both actions are logged.
    public func rotate(id: String, by admin: String, grace: TimeInterval = 0, at moment: Date) throws(KeyError)
        -> (old: AccessKey, new: AccessKey, token: KeyToken)
    {
        try Self.checkName(admin, field: "by")
        guard grace >= 0, grace.isFinite else {
            throw .badValue(field: "grace", value: String(grace), expected: "a period of zero or more seconds")
        }
        return try write { db in
            var old = try Self.activeKey(id: id, at: moment, db)
            if let successor = try String.fetchOne(db, sql: "SELECT id FROM keys WHERE rotated_from = ?", arguments: [id]) {
                throw KeyError.alreadyRotated(id: id, to: successor)
            }
            let made = try Self.insert(
                owner: old.owner, role: old.role, scope: old.scope, by: admin, at: moment, rotatedFrom: id, db)
            let end = moment.addingTimeInterval(grace)
            let reason = "rotated to \(made.key.id)"
            try db.execute(
                sql: "UPDATE keys SET disabled_at = ?, disabled_by = ?, disabled_reason = ? WHERE id = ?",
                arguments: [end.milliseconds, admin, reason, id])
            try Self.log(.rotate, by: admin, key: old, route: nil, reason: grace > 0 ? "\(reason); works until \(end.iso8601)" : reason, at: moment, db)
            old.disabledAt = end.truncatedToMilliseconds
            old.disabledBy = admin
            old.disabledReason = reason
            return (old, made.key, made.token)
        }
    }

    /// Checks a presented token: its shape, its key, the secret's digest (compared in
    /// constant time) and the key's status at `moment`.
    public func verify(_ text: String, at moment: Date) throws(KeyError) -> TokenVerification {
        let token: KeyToken
        do {
            token = try KeyToken(parsing: text)
        } catch {
            return .refused(error)
        }
        let entry: VerifiedKeys.Entry
        if let cached = verified.entry(id: token.id) {
            entry = cached
        } else {
            guard let row = try read({ db in try KeyRow.fetchOne(db, sql: "SELECT * FROM keys WHERE id = ?", arguments: [token.id]) })
            else {
                return .refused(.unknownKey(id: token.id))
            }
            entry = VerifiedKeys.Entry(secretDigest: Array(row.secretDigest), key: row.key)
            verified.keep(entry, id: token.id)
        }
        guard KeyToken.digestsMatch(token.secretDigest, entry.secretDigest) else {
            return .refused(.wrongSecret(id: token.id))
        }
        let key = entry.key
        guard key.status(at: moment) == .active else {
            return .refused(.disabled(id: key.id, reason: key.disabledReason ?? "disabled"))
        }
        return .accepted(key)
    }

    static func activeKey(id: String, at moment: Date, _ db: Database) throws -> AccessKey {
        guard let key = try KeyRow.fetchOne(db, sql: "SELECT * FROM keys WHERE id = ?", arguments: [id])?.key else {
            throw KeyError.unknownKey(id: id)
        }
        if key.status(at: moment) == .disabled, let at = key.disabledAt {
            throw KeyError.alreadyDisabled(
                id: id, reason: "since \(at.iso8601) by \(key.disabledBy ?? "?"): \(key.disabledReason ?? "")")
        }
        return key
    }

    static func insert(
        owner: String, role: Role, scope: KeyScope, by admin: String, at moment: Date, rotatedFrom: String?, _ db: Database
    ) throws -> (key: AccessKey, token: KeyToken) {
        let token = KeyToken.generate()
        let key = AccessKey(
            id: token.id, owner: owner, role: role, scope: scope, createdAt: moment.truncatedToMilliseconds,
            createdBy: admin, rotatedFrom: rotatedFrom)
        try db.execute(
            sql: """
                INSERT INTO keys (id, owner, role, channels, agent, pii_reader, secret_sha256, created_at, created_by, rotated_from)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                key.id, owner, role.rawValue, scope.channels.joined(separator: " "), scope.agent, scope.piiReader ? 1 : 0,
                Data(token.secretDigest), moment.milliseconds, admin, rotatedFrom,
            ])
        try log(.create, by: admin, key: key, route: nil, reason: key.scopeSummary, at: moment, db)
        return (key, token)
    }

    static func checkName(_ text: String, field: String) throws(KeyError) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, text.count <= 200 else {
            throw .badValue(field: field, value: text, expected: "a name (1 to 200 characters)")
        }
    }
}

/// The outcome of checking a presented token.
public enum TokenVerification: Sendable, Hashable {
    case accepted(AccessKey)
    case refused(TokenRefusal)
}

extension AccessKey {
    /// Role and scope in a few words: `adapter channels=ivr,sms`, `agent agent=A2 pii-reader`.
    public var scopeSummary: String {
        var parts = [role.rawValue]
        if !scope.channels.isEmpty { parts.append("channels=" + scope.channels.joined(separator: ",")) }
        if let agent = scope.agent { parts.append("agent=" + agent) }
        if scope.piiReader { parts.append("pii-reader") }
        return parts.joined(separator: " ")
    }
}

/// A row of `keys` as stored.
struct KeyRow: FetchableRecord {
    var key: AccessKey
    var secretDigest: Data

    init(row: Row) throws {
        let roleName: String = row["role"]
        guard let role = Role(rawValue: roleName) else {
            throw KeyError.unavailable("key '\(row["id"] as String)' has an unknown role '\(roleName)'")
        }
        let channels: String = row["channels"]
        let piiReader: Int = row["pii_reader"]
        let disabledAt: Int64? = row["disabled_at"]
        key = AccessKey(
            id: row["id"], owner: row["owner"], role: role,
            scope: KeyScope(channels: channels.split(separator: " ").map(String.init), agent: row["agent"], piiReader: piiReader == 1),
            createdAt: Date(milliseconds: row["created_at"]), createdBy: row["created_by"],
            disabledAt: disabledAt.map(Date.init(milliseconds:)), disabledBy: row["disabled_by"],
            disabledReason: row["disabled_reason"], rotatedFrom: row["rotated_from"])
        secretDigest = row["secret_sha256"]
    }
}

extension Date {
    init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
    var truncatedToMilliseconds: Date { Date(milliseconds: milliseconds) }
    /// `2026-11-02T09:00:00Z` (UTC, to the second).
    var iso8601: String { ISO8601DateFormatter().string(from: self) }
}
