import FlowAccess
import FlowService
import Foundation
import Testing

/// `/v1/admin/...`: keys created, listed, disabled and rotated over HTTP by admin keys
/// only, each action in the access log with the admin key's owner as `by`.
@Suite struct AdminRoutesTests {
    @Test func anAdminCreatesAKeyThatWorksAtOnce() async throws {
        try await withServer { server in
            let admin = try server.key("root", .admin).token
            let made = try await server.send(
                "POST", "/v1/admin/keys", token: admin, json: ["owner": "ivr-gateway", "role": "adapter", "channels": ["ivr"]])
            #expect(made.status == 201, "\(made.text)")
            let key = try #require(made.json?["key"] as? [String: Any])
            #expect(key["owner"] as? String == "ivr-gateway")
            #expect(key["role"] as? String == "adapter")
            #expect(key["channels"] as? [String] == ["ivr"])
            #expect(key["createdBy"] as? String == "root")
            #expect(key["status"] as? String == "active")
            #expect(key["secret"] == nil)
            let token = try #require(made.json?["token"] as? String)
            #expect(token.hasPrefix("fmk_\(key["id"] as? String ?? "?")_"))

            let started = try await server.send("POST", "/v1/sessions", token: token, json: IVRContactTests.start)
            #expect(started.status == 201)
            let log = try server.host.keys.log()
            #expect(log.last?.action == .create)
            #expect(log.last?.by == "root")
            #expect(log.last?.key == key["id"] as? String)
        }
    }

    @Test func aDisabledKeyIsRefusedOnItsVeryNextRequest() async throws {
        try await withServer { server in
            let admin = try server.key("root", .admin).token
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"])
            let before = try await server.send("POST", "/v1/sessions", token: ivr.token, json: IVRContactTests.start)
            #expect(before.status == 201)

            let disabled = try await server.send(
                "POST", "/v1/admin/keys/\(ivr.key.id)/disable", token: admin, json: ["reason": "gateway replaced"])
            #expect(disabled.status == 200, "\(disabled.text)")
            let key = try #require(disabled.json?["key"] as? [String: Any])
            #expect(key["status"] as? String == "disabled")
            #expect(key["disabledBy"] as? String == "root")
            #expect(key["disabledReason"] as? String == "gateway replaced")

            let after = try await server.send("POST", "/v1/sessions", token: ivr.token, json: IVRContactTests.start)
            #expect(after.status == 401)
            #expect(after.errorCode == "disabled-key")
            #expect(try await server.host.store.counts().sessions == 1)

            let again = try await server.send(
                "POST", "/v1/admin/keys/\(ivr.key.id)/disable", token: admin, json: ["reason": "twice"])
            #expect(again.status == 409)
            #expect(again.errorCode == "key-disabled")
            let unknown = try await server.send(
                "POST", "/v1/admin/keys/0123456789abcdef/disable", token: admin, json: ["reason": "no such key"])
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "no-such-key")
        }
    }

    @Test func aRotatedKeyWorksThroughItsGraceAndTheNewOneAtOnce() async throws {
        try await withServer { server in
            let admin = try server.key("root", .admin).token
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"])
            let rotated = try await server.send("POST", "/v1/admin/keys/\(ivr.key.id)/rotate", token: admin, json: ["grace": 3600])
            #expect(rotated.status == 200, "\(rotated.text)")
            let old = try #require(rotated.json?["old"] as? [String: Any])
            let new = try #require(rotated.json?["new"] as? [String: Any])
            #expect(old["status"] as? String == "active")
            #expect(old["disabledReason"] as? String == "rotated to \(new["id"] as? String ?? "?")")
            #expect(new["rotatedFrom"] as? String == ivr.key.id)
            #expect(new["channels"] as? [String] == ["ivr"])
            let token = try #require(rotated.json?["token"] as? String)

            #expect(try await server.send("POST", "/v1/sessions", token: ivr.token, json: IVRContactTests.start).status == 201)
            #expect(try await server.send("POST", "/v1/sessions", token: token, json: IVRContactTests.start).status == 201)
            let twice = try await server.send("POST", "/v1/admin/keys/\(ivr.key.id)/rotate", token: admin, json: [:])
            #expect(twice.status == 409)
            #expect(twice.errorCode == "key-rotated")

            // Without a grace the old key ends at once.
            let sms = try server.key("sms-gateway", .adapter, channels: ["sms"])
            let now = try await server.send("POST", "/v1/admin/keys/\(sms.key.id)/rotate", token: admin, body: nil)
            #expect(now.status == 200, "\(now.text)")
            #expect((now.json?["old"] as? [String: Any])?["status"] as? String == "disabled")
        }
    }

    @Test func listingsAndTheAccessLogShowNoSecrets() async throws {
        try await withServer { server in
            let admin = try server.key("root", .admin)
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"])
            _ = try server.host.keys.disable(id: ivr.key.id, by: "root", reason: "left", at: Date())
            _ = try await server.send("GET", "/v1/admin/keys", token: ivr.token)

            let active = try await server.send("GET", "/v1/admin/keys", token: admin.token)
            #expect(active.status == 200)
            let activeIDs = (active.json?["keys"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(activeIDs == [admin.key.id])
            let all = try await server.send("GET", "/v1/admin/keys?all=true", token: admin.token)
            let allIDs = (all.json?["keys"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(allIDs == [admin.key.id, ivr.key.id])
            #expect(!all.text.contains(admin.token.split(separator: "_").last.map(String.init) ?? "?"))

            let log = try await server.send("GET", "/v1/admin/access-log", token: admin.token)
            #expect(log.status == 200)
            let entries = try #require(log.json?["entries"] as? [[String: Any]])
            #expect(entries.compactMap { $0["action"] as? String } == ["create", "create", "disable", "denial"])
            #expect(entries[3]["key"] as? String == ivr.key.id)
            #expect(entries[3]["route"] as? String == "GET /v1/admin/keys")
            let after = try await server.send("GET", "/v1/admin/access-log?after=2&limit=1", token: admin.token)
            #expect((after.json?["entries"] as? [[String: Any]])?.compactMap { $0["action"] as? String } == ["disable"])
        }
    }

    @Test func onlyAdminsManageKeysAndTheTokenComesBeforeTheBody() async throws {
        try await withServer { server in
            let auditor = try server.key("auditor-1", .auditor).token
            let admin = try server.key("root", .admin).token
            let cases: [(method: String, path: String, body: [String: Any]?)] = [
                ("POST", "/v1/admin/keys", ["owner": "x", "role": "qa"]),
                ("GET", "/v1/admin/keys", nil),
                ("POST", "/v1/admin/keys/0123456789abcdef/disable", ["reason": "r"]),
                ("POST", "/v1/admin/keys/0123456789abcdef/rotate", [:]),
                ("GET", "/v1/admin/access-log", nil),
            ]
            for item in cases {
                let body = try item.body.map { try JSONSerialization.data(withJSONObject: $0) }
                let refused = try await server.send(item.method, item.path, token: auditor, body: body)
                #expect(refused.status == 403, "\(item.path)")
                #expect(refused.errorCode == "role")
                let anonymous = try await server.send(item.method, item.path, token: nil, body: body)
                #expect(anonymous.status == 401, "\(item.path)")
            }
            // A bad body from a caller without a key says nothing about the body.
            let noKey = try await server.send("POST", "/v1/admin/keys", token: nil, body: Data("{".utf8))
            #expect(noKey.errorCode == "no-token")
            let bad = try await server.send("POST", "/v1/admin/keys", token: admin, body: Data("{".utf8))
            #expect(bad.errorCode == "malformed-json")
            let missing = try await server.send("POST", "/v1/admin/keys", token: admin, json: ["role": "qa"])
            #expect(missing.errorCode == "missing-field")
            #expect(missing.errorField == "owner")
            let role = try await server.send("POST", "/v1/admin/keys", token: admin, json: ["owner": "x", "role": "boss"])
            #expect(role.status == 400)
            #expect(role.errorCode == "unknown-role")
            let scope = try await server.send("POST", "/v1/admin/keys", token: admin, json: ["owner": "x", "role": "adapter"])
            #expect(scope.status == 400)
            #expect(scope.errorCode == "invalid-scope")
            let pii = try await server.send(
                "POST", "/v1/admin/keys", token: admin, json: ["owner": "x", "role": "designer", "piiReader": true])
            #expect(pii.errorCode == "invalid-scope")
            // Nothing was created by the refused requests: the two keys of the test only.
            #expect(try server.host.keys.keys(includeDisabled: true, at: Date()).count == 2)
        }
    }
}
