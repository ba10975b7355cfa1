import FlowService
import Foundation
import Testing

/// Each kind of bad input gets a 4xx with its stable code (and the field, where one is at
/// fault), and nothing is written.
@Suite struct BadInputTests {
    static func startBody(_ change: (inout [String: Any]) -> Void) throws -> Data {
        var body = IVRContactTests.start
        change(&body)
        return try JSONSerialization.data(withJSONObject: body)
    }

    @Test func badStartsAreRefusedWithTheirCodes() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let cases: [(name: String, body: Data, status: Int, code: String, field: String?)] = [
                ("malformed", Data("{\"business\": ".utf8), 400, "malformed-json", nil),
                ("not an object", Data("[1, 2]".utf8), 400, "wrong-type", nil),
                ("missing customer", try Self.startBody { $0["customer"] = nil }, 400, "missing-field", "customer"),
                ("brand a number", try Self.startBody { $0["brand"] = 5 }, 400, "wrong-type", "brand"),
                ("variable an object", try Self.startBody { $0["variables"] = ["msisdn": ["a": 1]] }, 400, "wrong-type", "variables.msisdn"),
                ("unknown business", try Self.startBody { $0["business"] = "no-such-business" }, 404, "unknown-contact-point", "business"),
                ("unknown environment", try Self.startBody { $0["environment"] = "mars" }, 404, "unknown-contact-point", "environment"),
                ("invalid UTF-8", Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]), 400, "invalid-utf8", nil),
                ("too large", try Self.startBody { $0["input"] = String(repeating: "x", count: 70_000) }, 413, "body-too-large", nil),
            ]
            for item in cases {
                let answer = try await server.send("POST", "/v1/sessions", token: ivr, body: item.body)
                #expect(answer.status == item.status, "\(item.name): \(answer.text)")
                #expect(answer.errorCode == item.code, "\(item.name)")
                #expect(answer.errorField == item.field, "\(item.name)")
                let message = (answer.json?["error"] as? [String: Any])?["message"] as? String
                #expect(message?.isEmpty == false, "\(item.name)")
            }
            let counts = try await server.host.store.counts()
            #expect(counts.sessions == 0)
            #expect(counts.records == 0)
        }
    }

    @Test func aContactPointNoFlowServesIsNotServed() async throws {
        try await withServer { server in
            let phone = try server.key("phone-switch", .adapter, channels: ["phone"]).token
            // top-up is not offered by phone agents (the flow map says why).
            let answer = try await server.send(
                "POST", "/v1/sessions", token: phone,
                body: try Self.startBody {
                    $0["business"] = "top-up"
                    $0["channel"] = "phone"
                })
            #expect(answer.status == 422)
            #expect(answer.errorCode == "not-served")
        }
    }

    @Test func badEventsAreRefusedWithTheirCodesAndChangeNothing() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let recordsBefore = try await server.host.store.log(session: session).count
            let path = "/v1/sessions/\(session)/events"
            let cases: [(name: String, path: String, body: [String: Any], status: Int, code: String, field: String?)] = [
                ("unknown session", "/v1/sessions/no-such-session/events", ["id": "e1", "kind": "hangup"], 404, "unknown-session", nil),
                ("no id", path, ["kind": "hangup"], 400, "missing-field", "id"),
                ("id a number", path, ["id": 7, "kind": "hangup"], 400, "wrong-type", "id"),
                ("unknown kind", path, ["id": "e2", "kind": "teleport"], 400, "unknown-event-kind", "kind"),
                ("timer from outside", path, ["id": "e3", "kind": "timer"], 400, "unknown-event-kind", "kind"),
                ("input without text", path, ["id": "e4", "kind": "input"], 400, "missing-field", "text"),
                ("outcome without outcome", path, ["id": "e5", "kind": "outcome"], 400, "missing-field", "outcome"),
                ("a choice the state does not offer", path, ["id": "e6", "kind": "external", "name": "sms-reply", "text": "1"], 409, "event-refused", nil),
                ("results an object", path, ["id": "e7", "kind": "outcome", "outcome": "ok", "results": ["balance": ["x": 1]]], 400, "wrong-type", "results.balance"),
            ]
            for item in cases {
                let answer = try await server.send("POST", item.path, token: ivr, json: item.body)
                #expect(answer.status == item.status, "\(item.name): \(answer.text)")
                #expect(answer.errorCode == item.code, "\(item.name)")
                #expect(answer.errorField == item.field, "\(item.name)")
            }
            #expect(try await server.host.store.log(session: session).count == recordsBefore)
            let shown = try await server.send("GET", "/v1/sessions/\(session)", token: ivr)
            #expect(shown.json?["state"] as? String == "lookup-balance")

            let unknownGet = try await server.send("GET", "/v1/sessions/no-such-session", token: ivr)
            #expect(unknownGet.status == 404)
            #expect(unknownGet.errorCode == "unknown-session")
            // Without a key, an unknown session is not even admitted to exist.
            let anonymous = try await server.send("GET", "/v1/sessions/no-such-session", token: nil)
            #expect(anonymous.status == 401)
        }
    }

    @Test func anEventAfterTheEndIsRefused() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let hungUp = try await server.send("POST", "/v1/sessions/\(session)/events", token: ivr, json: ["id": "h1", "kind": "hangup"])
            #expect(hungUp.json?["ended"] as? String == "abandoned")
            let late = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: ivr, json: ["id": "late-1", "kind": "input", "text": "1"])
            #expect(late.status == 409)
            #expect(late.errorCode == "event-refused")
        }
    }
}
