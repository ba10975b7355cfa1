import FlowAccess
import Foundation
import GRDB
import Testing

/// The key store over a real SQLite file: secrets kept only as digests, verification,
/// disabling, rotation, and the tables that refuse to forget.
@Suite struct KeyStoreTests {
    let now = KeyStoreFixture.now

    @Test func theKeyStoreSitsBesideTheSessionStoreDurably() throws {
        #expect(KeyStore.path(besideStore: "/data/flowmap.sqlite") == "/data/flowmap.keys.sqlite")
        #expect(KeyStore.path(besideStore: "/data/store.db") == "/data/store.db.keys.sqlite")
        let fixture = try KeyStoreFixture()
        let durability = try fixture.keys.durability()
        #expect(durability.journalMode == "wal" && durability.synchronous == 2)
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("flowmap.sqlite").path))
    }

    @Test func theSecretIsNeverStoredOnlyItsDigest() throws {
        let fixture = try KeyStoreFixture()
        let made = try fixture.keys.create(
            owner: "ivr-gateway", role: .adapter, scope: KeyScope(channels: ["ivr"]), by: "root", at: now)
        #expect(made.token.text == "fmk_\(made.key.id)_\(made.token.secret)")
        #expect(made.token.secret.utf8.count == 43)
        let bytes = try fixture.fileBytes()
        #expect(bytes.holds(made.key.id.utf8), "the id is stored (the search itself works)")
        #expect(bytes.holds(made.token.secretDigest), "the digest is stored")
        #expect(!bytes.holds(made.token.secret.utf8))
        #expect(!bytes.holds(made.token.text.utf8))
        // Nor the secret's raw 32 bytes (the base64url decoded).
        var base64 = made.token.secret.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += "="
        let raw = try #require(Data(base64Encoded: base64))
        #expect(raw.count == 32)
        #expect(!bytes.holds(raw))
    }

    @Test func twoKeysNeverShareIdOrSecret() throws {
        let fixture = try KeyStoreFixture()
        let tokens = try (0..<20).map { index in
            try fixture.keys.create(owner: "qa-\(index)", role: .qa, scope: KeyScope(), by: "root", at: now).token
        }
        #expect(Set(tokens.map(\.id)).count == 20 && Set(tokens.map(\.secret)).count == 20)
    }

    @Test func verificationOfGoodWrongUnknownAndDisabledTokens() throws {
        let fixture = try KeyStoreFixture()
        let made = try fixture.keys.create(owner: "li.na", role: .agent, scope: KeyScope(agent: "A2"), by: "root", at: now)
        #expect(try fixture.keys.verify(made.token.text, at: now) == .accepted(made.key))

        // The same id with another well-formed secret.
        let other = KeyToken.generate()
        #expect(try fixture.keys.verify("fmk_\(made.key.id)_\(other.secret)", at: now) == .refused(.wrongSecret(id: made.key.id)))
        // A well-formed token whose id nobody holds.
        #expect(try fixture.keys.verify(other.text, at: now) == .refused(.unknownKey(id: other.id)))

        let later = now.addingTimeInterval(3600)
        let disabled = try fixture.keys.disable(id: made.key.id, by: "root", reason: "left the company", at: later)
        #expect(disabled.disabledAt == later && disabled.disabledBy == "root")
        #expect(try fixture.keys.verify(made.token.text, at: later.addingTimeInterval(-1)) == .accepted(disabled))
        #expect(try fixture.keys.verify(made.token.text, at: later) == .refused(.disabled(id: made.key.id, reason: "left the company")))
    }

    @Test(arguments: [
        ("", "a token starts with 'fmk_'"),
        ("Bearer fmk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "a token starts with 'fmk_'"),
        ("fmk_0123456789abcdef", "a token is fmk_<id>_<secret>: no '_' after the id"),
        ("fmk_0123456789ABCDEF_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "the key id is 16 lowercase hex digits"),
        ("fmk_0123456789abcde_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "the key id is 16 lowercase hex digits"),
        ("fmk_0123456789abcdef_AAAA", "the secret is 43 base64url characters"),
        ("fmk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "the secret is 43 base64url characters"),
        ("fmk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", "the secret is 43 base64url characters"),
        ("fmk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "the secret is 43 base64url characters"),
    ])
    func malformedTokensAreRefusedWithTheirReason(token: String, reason: String) throws {
        let fixture = try KeyStoreFixture()
        #expect(try fixture.keys.verify(token, at: now) == .refused(.malformed(reason)))
    }

    @Test func aSecretMayHoldUnderscoresAndDashes() throws {
        // base64url uses '-' and '_': the id ends at the first '_' after the prefix.
        let parsed = try KeyToken(parsing: "fmk_0123456789abcdef_a_b-c_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        #expect(parsed.id == "0123456789abcdef" && parsed.secret == "a_b-c_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        #expect(KeyToken.digestsMatch([1, 2, 3], [1, 2, 3]))
        #expect(!KeyToken.digestsMatch([1, 2, 3], [1, 2, 4]))
        #expect(!KeyToken.digestsMatch([1, 2, 3], [1, 2]))
    }

    @Test func rotationKeepsOwnerRoleAndScopeAndEndsTheOldKey() throws {
        let fixture = try KeyStoreFixture()
        let old = try fixture.keys.create(
            owner: "sms-gateway", role: .adapter, scope: KeyScope(channels: ["sms", "web"]), by: "root", at: now)
        let at = now.addingTimeInterval(60)
        let rotated = try fixture.keys.rotate(id: old.key.id, by: "ops.wang", at: at)
        #expect(rotated.new.owner == "sms-gateway" && rotated.new.role == .adapter)
        #expect(rotated.new.scope == KeyScope(channels: ["sms", "web"]))
        #expect(rotated.new.rotatedFrom == old.key.id && rotated.new.id != old.key.id)
        #expect(try fixture.keys.verify(rotated.token.text, at: at) == .accepted(rotated.new))
        #expect(try fixture.keys.verify(old.token.text, at: at) == .refused(.disabled(id: old.key.id, reason: "rotated to \(rotated.new.id)")))
        let stored = try #require(try fixture.keys.key(id: old.key.id))
        #expect(stored.disabledBy == "ops.wang" && stored.disabledAt == at)

        #expect(throws: KeyError.alreadyDisabled(id: old.key.id, reason: "since 2026-11-02T09:01:00Z by ops.wang: rotated to \(rotated.new.id)")) {
            try fixture.keys.rotate(id: old.key.id, by: "root", at: at)
        }
        #expect(try fixture.keys.keys(at: at).map(\.id) == [rotated.new.id])
        #expect(try fixture.keys.keys(includeDisabled: true, at: at).map(\.id) == [old.key.id, rotated.new.id])
    }

    @Test func rotationWithAGracePeriodLetsTheOldKeyWorkUntilItEnds() throws {
        let fixture = try KeyStoreFixture()
        let old = try fixture.keys.create(owner: "auditor.zhao", role: .auditor, scope: KeyScope(), by: "root", at: now)
        let rotated = try fixture.keys.rotate(id: old.key.id, by: "root", grace: 3600, at: now)
        #expect(try fixture.keys.verify(old.token.text, at: now.addingTimeInterval(3599)) == .accepted(rotated.old))
        #expect(try fixture.keys.verify(old.token.text, at: now.addingTimeInterval(3600)) == .refused(.disabled(id: old.key.id, reason: "rotated to \(rotated.new.id)")))
        // Rotated once: a second rotation during the grace period is refused.
        #expect(throws: KeyError.alreadyRotated(id: old.key.id, to: rotated.new.id)) {
            try fixture.keys.rotate(id: old.key.id, by: "root", at: now.addingTimeInterval(10))
        }
        // Disabling during the grace period ends it at once.
        try fixture.keys.disable(id: old.key.id, by: "root", reason: "leaked", at: now.addingTimeInterval(20))
        #expect(try fixture.keys.verify(old.token.text, at: now.addingTimeInterval(20)) == .refused(.disabled(id: old.key.id, reason: "leaked")))
    }

    @Test func badRequestsAreRefusedNamingWhat() throws {
        let fixture = try KeyStoreFixture()
        #expect(throws: KeyError.scope("an adapter key needs at least one --channel")) {
            try fixture.keys.create(owner: "ivr", role: .adapter, scope: KeyScope(), by: "root", at: now)
        }
        #expect(throws: KeyError.scope("an agent key needs --agent ID (the agent it acts as)")) {
            try fixture.keys.create(owner: "li.na", role: .agent, scope: KeyScope(), by: "root", at: now)
        }
        #expect(throws: KeyError.scope("a qa key takes no --channel (only adapter keys do)")) {
            try fixture.keys.create(owner: "q", role: .qa, scope: KeyScope(channels: ["ivr"]), by: "root", at: now)
        }
        #expect(throws: KeyError.scope("the pii-reader grant is for agent, auditor, qa keys only, not admin")) {
            try fixture.keys.create(owner: "root2", role: .admin, scope: KeyScope(piiReader: true), by: "root", at: now)
        }
        #expect(throws: KeyError.badValue(field: "channel", value: "IVR line", expected: "a channel name: lowercase letters, digits, '-'")) {
            try fixture.keys.create(owner: "ivr", role: .adapter, scope: KeyScope(channels: ["IVR line"]), by: "root", at: now)
        }
        #expect(throws: KeyError.badValue(field: "owner", value: " ", expected: "a name (1 to 200 characters)")) {
            try fixture.keys.create(owner: " ", role: .qa, scope: KeyScope(), by: "root", at: now)
        }
        #expect(throws: KeyError.unknownKey(id: "0000000000000000")) {
            try fixture.keys.disable(id: "0000000000000000", by: "root", reason: "gone", at: now)
        }
        let made = try fixture.keys.create(owner: "designer.chen", role: .designer, scope: KeyScope(), by: "root", at: now)
        try fixture.keys.disable(id: made.key.id, by: "root", reason: "left", at: now)
        #expect(throws: KeyError.alreadyDisabled(id: made.key.id, reason: "since 2026-11-02T09:00:00Z by root: left")) {
            try fixture.keys.disable(id: made.key.id, by: "root", reason: "again", at: now.addingTimeInterval(1))
        }
        // Nothing half-written: the refused requests left one key and its two log lines.
        #expect(try fixture.keys.keys(includeDisabled: true, at: now).count == 1)
        #expect(try fixture.keys.log().map(\.action) == [.create, .disable])
    }

    @Test func theLogKeepsAdminActionsAndDenialsWithWhoAndWhat() throws {
        let fixture = try KeyStoreFixture()
        let made = try fixture.keys.create(owner: "ivr-gateway", role: .adapter, scope: KeyScope(channels: ["ivr"]), by: "root", at: now)
        try fixture.keys.recordDenial(key: made.key.id, route: "POST /v1/publish", reason: "role adapter may not publish-flow (allowed: designer)", at: now.addingTimeInterval(5))
        try fixture.keys.recordDenial(key: "ffffffffffffffff", route: "GET /v1/audit/measures", reason: "unknown-key", at: now.addingTimeInterval(6))
        try fixture.keys.recordDenial(key: nil, route: "GET /v1/flows/x", reason: "malformed-token", at: now.addingTimeInterval(7))
        let log = try fixture.keys.log()
        #expect(log.count == 4)
        #expect(log[0].action == .create && log[0].by == "root" && log[0].key == made.key.id && log[0].reason == "adapter channels=ivr")
        #expect(log[1] == AccessLogEntry(
            id: 2, at: now.addingTimeInterval(5), action: .denial, by: "ivr-gateway", key: made.key.id, owner: "ivr-gateway",
            route: "POST /v1/publish", reason: "role adapter may not publish-flow (allowed: designer)"))
        #expect(log[2].by == "?" && log[2].key == "ffffffffffffffff" && log[2].owner == nil)
        #expect(log[3].key == nil && log[3].route == "GET /v1/flows/x")
    }

    @Test func theLogAndTheKeysRefuseRawSQLChanges() throws {
        let fixture = try KeyStoreFixture()
        let made = try fixture.keys.create(owner: "li.na", role: .agent, scope: KeyScope(agent: "A2"), by: "root", at: now)
        try fixture.keys.recordDenial(key: made.key.id, route: "POST /v1/publish", reason: "role", at: now)
        let queue = try DatabaseQueue(path: fixture.keys.path)
        func refusal(_ sql: String) -> String? {
            do {
                try queue.write { db in try db.execute(sql: sql) }
                return nil
            } catch let error as DatabaseError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal("UPDATE access_log SET reason = 'nothing happened'") == "the access log is append-only: nothing is updated")
        #expect(refusal("DELETE FROM access_log") == "the access log is append-only: nothing is deleted")
        #expect(refusal("DELETE FROM keys") == "keys are never deleted: disable the key instead")
        #expect(refusal("UPDATE keys SET role = 'admin'") == "a key is never changed, only disabled")
        #expect(refusal("UPDATE keys SET agent = 'A3'") == "a key is never changed, only disabled")
        #expect(refusal("UPDATE keys SET secret_sha256 = zeroblob(32)") == "a key is never changed, only disabled")
        try fixture.keys.disable(id: made.key.id, by: "root", reason: "left", at: now)
        #expect(refusal("UPDATE keys SET disabled_at = NULL, disabled_by = NULL, disabled_reason = NULL") == "a disabled key is never enabled again, nor its end moved later")
        #expect(refusal("UPDATE keys SET disabled_at = disabled_at + 1000") == "a disabled key is never enabled again, nor its end moved later")
        #expect(try fixture.keys.log().count == 3)
        #expect(try fixture.keys.verify(made.token.text, at: now) == .refused(.disabled(id: made.key.id, reason: "left")))
    }

    @Test func aReadOnlyKeyStoreReadsAndRefusesWrites() throws {
        let fixture = try KeyStoreFixture()
        _ = try fixture.keys.create(owner: "qa.sun", role: .qa, scope: KeyScope(), by: "root", at: now)
        let reader = try KeyStore(path: fixture.keys.path, readOnly: true)
        #expect(try reader.keys(at: now).map(\.owner) == ["qa.sun"])
        #expect(throws: KeyError.unavailable("the key store at \(fixture.keys.path) is open read-only")) {
            try reader.create(owner: "x", role: .qa, scope: KeyScope(), by: "root", at: now)
        }
        let missing = fixture.folder.appendingPathComponent("none.keys.sqlite").path
        #expect(throws: KeyError.unavailable("no key store at \(missing)")) { try KeyStore(path: missing, readOnly: true) }
    }
}
