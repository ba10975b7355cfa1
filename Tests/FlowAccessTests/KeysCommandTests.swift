import FlowAccess
import FlowmapTestSupport
import Foundation
import Testing

/// `flowmap keys create | list | disable | rotate | log`, run as the real binary over a key
/// store in a temp folder.
@Suite struct KeysCommandTests {
    static func flowmap(_ arguments: [String]) async throws -> FlowmapRun {
        try await FlowmapBinary.run(arguments)
    }

    /// The token printed on the line `token (shown once, keep it secret): fmk_...`.
    static func token(in output: String) throws -> String {
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("token (shown once, keep it secret): ") })
        return String(line.dropFirst("token (shown once, keep it secret): ".count))
    }

    let folder: URL
    var store: String { folder.appendingPathComponent("flowmap.sqlite").path }
    var keyStore: String { folder.appendingPathComponent("flowmap.keys.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowaccess-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    @Test func createListDisableRotateAndLog() async throws {
        let created = try await Self.flowmap([
            "keys", "create", "--store", store, "--owner", "ivr-gateway", "--role", "adapter", "--channel", "ivr",
            "--channel", "sms", "--by", "root",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let token = try Self.token(in: created.stdout)
        let parsed = try KeyToken(parsing: token)
        #expect(created.stdout.hasPrefix("key \(parsed.id) for ivr-gateway: adapter channels=ivr,sms\n"))
        // The key store is beside the store; the session store itself is never created.
        #expect(FileManager.default.fileExists(atPath: keyStore))
        #expect(!FileManager.default.fileExists(atPath: store))
        let keys = try KeyStore(path: keyStore, readOnly: true)
        guard case .accepted(let key) = try keys.verify(token, at: Date()) else {
            Issue.record("the printed token does not verify")
            return
        }
        #expect(key.owner == "ivr-gateway" && key.scope.channels == ["ivr", "sms"] && key.createdBy == "root")

        let agent = try await Self.flowmap([
            "keys", "create", "--key-store", keyStore, "--owner", "li.na", "--role", "agent", "--agent", "A2", "--pii-reader",
            "--by", "root",
        ])
        #expect(agent.status == 0, "\(agent.stderr)")
        let agentID = try KeyToken(parsing: Self.token(in: agent.stdout)).id

        let table = try await Self.flowmap(["keys", "list", "--store", store])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("id") && lines[0].contains("owner") && lines[0].contains("scope"))
        #expect(lines[1].hasPrefix(parsed.id) && lines[1].contains("channels=ivr,sms") && lines[1].contains("active"))
        #expect(lines[2].hasPrefix(agentID) && lines[2].contains("agent=A2 pii-reader"))

        let disabled = try await Self.flowmap(["keys", "disable", agentID, "--store", store, "--by", "root", "--reason", "left the centre"])
        #expect(disabled.status == 0, "\(disabled.stderr)")
        #expect(disabled.stdout == "key \(agentID) of li.na disabled by root: left the centre\n")
        let again = try await Self.flowmap(["keys", "disable", agentID, "--store", store, "--by", "root", "--reason", "twice"])
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("error: key '\(agentID)' is already disabled (since "))
        #expect(again.stderr.hasSuffix(" by root: left the centre)\n"))

        let rotated = try await Self.flowmap(["keys", "rotate", parsed.id, "--store", store, "--by", "ops.wang"])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let newToken = try Self.token(in: rotated.stdout)
        let newID = try KeyToken(parsing: newToken).id
        #expect(rotated.stdout.hasPrefix("key \(parsed.id) of ivr-gateway rotated to \(newID) by ops.wang; the old key is disabled now\n"))
        #expect(try keys.verify(token, at: Date()) == .refused(.disabled(id: parsed.id, reason: "rotated to \(newID)")))
        guard case .accepted(let newKey) = try keys.verify(newToken, at: Date()) else {
            Issue.record("the rotated token does not verify")
            return
        }
        #expect(newKey.rotatedFrom == parsed.id && newKey.scope.channels == ["ivr", "sms"])

        // Active keys only, then all of them as JSON; never a secret or a digest.
        let active = try await Self.flowmap(["keys", "list", "--store", store])
        #expect(active.stdout.split(separator: "\n").count == 2 && active.stdout.contains(newID))
        let json = try await Self.flowmap(["keys", "list", "--all", "--format", "json", "--store", store])
        #expect(json.status == 0, "\(json.stderr)")
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(listed.map { $0["id"] as? String } == [parsed.id, agentID, newID])
        #expect(listed.map { $0["status"] as? String } == ["disabled", "disabled", "active"])
        #expect(listed[1]["disabledReason"] as? String == "left the centre")
        #expect(listed[2]["rotatedFrom"] as? String == parsed.id)
        for output in [table.stdout, active.stdout, json.stdout] {
            for secret in [token, newToken] {
                let parsedSecret = try KeyToken(parsing: secret)
                #expect(!output.contains(parsedSecret.secret))
                let digestHex = parsedSecret.secretDigest.map { String(format: "%02x", $0) }.joined()
                #expect(!output.lowercased().contains(digestHex))
            }
        }
        #expect(!json.stdout.contains("secret") && !json.stdout.contains("sha256"))

        let log = try await Self.flowmap(["keys", "log", "--store", store])
        #expect(log.status == 0, "\(log.stderr)")
        let entries = log.stdout.split(separator: "\n")
        #expect(entries.count == 5)
        #expect(entries[0].contains("create  by root  key \(parsed.id) (ivr-gateway): adapter channels=ivr,sms"))
        #expect(entries[1].contains("create  by root  key \(agentID) (li.na): agent agent=A2 pii-reader"))
        #expect(entries[2].contains("disable  by root  key \(agentID) (li.na): left the centre"))
        #expect(entries[3].contains("create  by ops.wang  key \(newID) (ivr-gateway): adapter channels=ivr,sms"))
        #expect(entries[4].contains("rotate  by ops.wang  key \(parsed.id) (ivr-gateway): rotated to \(newID)"))
    }

    @Test func badRequestsGetClearErrorsAndWriteNothing() async throws {
        func failing(_ arguments: [String]) async throws -> String {
            let output = try await Self.flowmap(["keys"] + arguments + ["--store", store])
            #expect(output.status != 0, "\(arguments)")
            #expect(output.stdout.isEmpty)
            return output.stderr
        }
        await #expect(try failing(["create", "--owner", "x", "--role", "root", "--by", "root"])
            .contains("unknown role 'root': one of designer, adapter, agent, qa, auditor, admin"))
        await #expect(try failing(["create", "--owner", "ivr", "--role", "adapter", "--by", "root"])
            == "error: an adapter key needs at least one --channel\n")
        await #expect(try failing(["create", "--owner", "li.na", "--role", "agent", "--by", "root"])
            == "error: an agent key needs --agent ID (the agent it acts as)\n")
        await #expect(try failing(["create", "--owner", "root2", "--role", "admin", "--pii-reader", "--by", "root"])
            == "error: the pii-reader grant is for agent, auditor, qa keys only, not admin\n")
        await #expect(try failing(["create", "--owner", "x", "--role", "qa"]).contains("--by"))
        // Nothing was created by the refusals above.
        #expect(!FileManager.default.fileExists(atPath: keyStore))
        await #expect(try failing(["list"]) == "error: no key store at \(keyStore)\n")
        await #expect(try failing(["log"]) == "error: no key store at \(keyStore)\n")

        let made = try await Self.flowmap(["keys", "create", "--store", store, "--owner", "qa.sun", "--role", "qa", "--by", "root"])
        #expect(made.status == 0, "\(made.stderr)")
        await #expect(try failing(["disable", "0123456789abcdef", "--by", "root", "--reason", "gone"])
            == "error: no key '0123456789abcdef' in the key store\n")
        await #expect(try failing(["rotate", "0123456789abcdef", "--by", "root"]) == "error: no key '0123456789abcdef' in the key store\n")
        await #expect(try failing(["rotate", "0123456789abcdef", "--by", "root", "--grace", "soon"])
            .contains("--grace: 'soon' is not a period (30s, 15m, 24h, 7d)"))
        await #expect(try failing(["disable", "0123456789abcdef", "--by", "root"]).contains("--reason"))
        let log = try await Self.flowmap(["keys", "log", "--store", store, "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["action"] as? String } == ["create"])
    }

    @Test func rotationWithAGracePeriodKeepsTheOldKeyWorkingUntilItsEnd() async throws {
        let made = try await Self.flowmap(["keys", "create", "--store", store, "--owner", "auditor.zhao", "--role", "auditor", "--by", "root"])
        let token = try Self.token(in: made.stdout)
        let id = try KeyToken(parsing: token).id
        // The grace period runs from the rotation, whenever the (possibly slow) run makes it.
        let before = Date()
        let rotated = try await Self.flowmap(["keys", "rotate", id, "--grace", "24h", "--store", store, "--by", "root"])
        let after = Date()
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let keys = try KeyStore(path: keyStore, readOnly: true)
        let old = try #require(try keys.key(id: id))
        let newID = try KeyToken(parsing: Self.token(in: rotated.stdout)).id
        let end = try #require(old.disabledAt)
        #expect(end.timeIntervalSince(before) >= 86400 - 1 && end.timeIntervalSince(after) <= 86400 + 1)
        #expect(rotated.stdout.contains("; the old key works until "))
        guard case .accepted = try keys.verify(token, at: Date()) else {
            Issue.record("the old key should work during the grace period")
            return
        }
        #expect(try keys.verify(token, at: end) == .refused(.disabled(id: id, reason: "rotated to \(newID)")))
        let list = try await Self.flowmap(["keys", "list", "--store", store])
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix(id) && lines[1].contains("active") && lines[1].contains("works until ")
            && lines[1].hasSuffix("by root: rotated to \(newID)"))
    }
}
