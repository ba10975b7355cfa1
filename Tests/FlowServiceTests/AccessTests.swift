import FlowAccess
import FlowService
import Foundation
import Testing

/// Every /v1 route needs a key: 401 without a usable one, 403 for a key that may not,
/// each refusal in the access log.
@Suite struct AccessTests {
    static var phoneStart: [String: Any] { [
        "business": "balance-inquiry", "channel": "phone", "brand": "gotone", "environment": "own-network",
        "customer": "13800138000", "agent": ["id": "a-1001", "role": "agent", "orgUnit": "front-line"],
    ] }

    @Test func requestsWithoutAUsableKeyAreUnauthorised() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"])
            let cases: [(token: String?, authorization: String?, code: String)] = [
                (nil, nil, "no-token"),
                (nil, "Basic aXZyOnNlY3JldA==", "malformed-token"),
                ("fmk_nonsense", nil, "malformed-token"),
                ("fmk_0123456789abcdef_" + String(repeating: "A", count: 43), nil, "unknown-key"),
                (String(ivr.token.dropLast()) + (ivr.token.hasSuffix("A") ? "B" : "A"), nil, "wrong-secret"),
            ]
            for item in cases {
                let answer = try await server.send(
                    "POST", "/v1/sessions", token: item.token,
                    body: try JSONSerialization.data(withJSONObject: IVRContactTests.start), authorization: item.authorization)
                #expect(answer.status == 401, "\(item.code)")
                #expect(answer.errorCode == item.code)
            }
            #expect(try server.host.keys.log().filter { $0.action == .denial }.count == cases.count)
            #expect(try await server.host.store.counts().sessions == 0)
        }
    }

    @Test func blanksBetweenBearerAndTheTokenAreSkipped() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"])
            for authorization in ["Bearer \(ivr.token)", "Bearer  \t \(ivr.token)", "Bearer \(ivr.token) \t "] {
                let answer = try await server.send(
                    "POST", "/v1/sessions", token: nil,
                    body: try JSONSerialization.data(withJSONObject: IVRContactTests.start), authorization: authorization)
                #expect(answer.status == 201, "\(authorization.debugDescription): \(answer.text)")
            }
            let blank = try await server.send(
                "POST", "/v1/sessions", token: nil, body: try JSONSerialization.data(withJSONObject: IVRContactTests.start),
                authorization: "Bearer \t x")
            #expect(blank.errorCode == "malformed-token")
        }
    }

    @Test func aDisabledKeyIsRefusedAtOnce() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"])
            let before = try await server.send("POST", "/v1/sessions", token: ivr.token, json: IVRContactTests.start)
            #expect(before.status == 201)
            _ = try server.host.keys.disable(id: ivr.key.id, by: "test-admin", reason: "gateway replaced", at: Date())
            let after = try await server.send("POST", "/v1/sessions", token: ivr.token, json: IVRContactTests.start)
            #expect(after.status == 401)
            #expect(after.errorCode == "disabled-key")
        }
    }

    @Test func anAdapterActsOnlyOnItsChannels() async throws {
        try await withServer { server in
            let sms = try server.key("sms-gateway", .adapter, channels: ["sms"]).token
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let refused = try await server.send("POST", "/v1/sessions", token: sms, json: IVRContactTests.start)
            #expect(refused.status == 403)
            #expect(refused.errorCode == "channel")

            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let event = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: sms, json: ["id": "e1", "kind": "hangup"])
            #expect(event.status == 403)
            #expect(event.errorCode == "channel")
            let read = try await server.send("GET", "/v1/sessions/\(session)", token: sms)
            #expect(read.status == 403)
            // The session did not move.
            let shown = try await server.send("GET", "/v1/sessions/\(session)", token: ivr)
            #expect(shown.json?["state"] as? String == "lookup-balance")
            #expect(try server.host.keys.log().filter { $0.action == .denial }.count == 3)
        }
    }

    @Test func anAgentActsOnlyInSessionsAssignedToIt() async throws {
        try await withServer { server in
            let phone = try server.key("phone-switch", .adapter, channels: ["phone"]).token
            let mine = try server.key("agent-1001", .agent, agent: "a-1001").token
            let other = try server.key("agent-2002", .agent, agent: "a-2002").token
            let started = try await server.send("POST", "/v1/sessions", token: phone, json: Self.phoneStart)
            #expect(started.status == 201)
            let session = try #require(started.json?["session"] as? String)

            let foreign = try await server.send("GET", "/v1/sessions/\(session)", token: other)
            #expect(foreign.status == 403)
            #expect(foreign.errorCode == "agent")
            let foreignInput = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: other, json: ["id": "x1", "kind": "input", "text": "1"])
            #expect(foreignInput.status == 403)
            #expect(foreignInput.errorCode == "agent")

            let own = try await server.send("GET", "/v1/sessions/\(session)", token: mine)
            #expect(own.status == 200)
            #expect((own.json?["agent"] as? [String: Any])?["id"] as? String == "a-1001")
            // The assigned agent acts; the step is logged as theirs.
            let choice = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: mine,
                json: ["id": "c1", "kind": "input", "text": "own-number", "actor": ["id": "someone-else", "role": "agent"]])
            #expect(choice.status == 200, "\(choice.text)")
            let log = try await server.host.store.log(session: session)
            #expect(log.last(where: { $0.from == "greet" })?.actor == "a-1001")
            // An override the flow cannot take is the engine's refusal, not the door's.
            let badOverride = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: mine,
                json: ["id": "o1", "kind": "override", "to": "no-such-state", "reason": "test"])
            #expect(badOverride.status == 409)
            #expect(badOverride.errorCode == "event-refused")
            // Agents do not start sessions: the channel's adapter does.
            let agentStart = try await server.send("POST", "/v1/sessions", token: mine, json: Self.phoneStart)
            #expect(agentStart.status == 403)
            #expect(agentStart.errorCode == "role")
        }
    }

    @Test func aPIIReaderSeesPersonalDataInClear() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let auditor = try server.key("auditor-1", .auditor, piiReader: true).token
            let plain = try server.key("auditor-2", .auditor).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let clear = try await server.send("GET", "/v1/sessions/\(session)", token: auditor)
            #expect((clear.json?["variables"] as? [String: Any])?["msisdn"] as? String == "13800138000")
            #expect(clear.json?["customer"] as? String == "13800138000")
            let masked = try await server.send("GET", "/v1/sessions/\(session)", token: plain)
            #expect((masked.json?["variables"] as? [String: Any])?["msisdn"] as? String == "***")
        }
    }
}
