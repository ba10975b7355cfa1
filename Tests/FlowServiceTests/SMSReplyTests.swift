import FlowService
import Foundation
import Testing

/// An SMS reply sent as an external event with only its `text` reaches the wait's results
/// (`results: { text: reply }`), as it does in `flowmap walk` and in scenarios.
@Suite struct SMSReplyTests {
    @Test func aReplyWithOnlyItsTextIsReadByTheWait() async throws {
        try await withServer { server in
            let sms = try server.key("sms-gateway", .adapter, channels: ["sms"]).token
            let started = try await server.send(
                "POST", "/v1/sessions", token: sms,
                json: [
                    "business": "balance-inquiry", "channel": "sms", "brand": "gotone", "environment": "own-network",
                    "customer": "13800138000", "input": "CXYE", "variables": ["msisdn": "13800138000"],
                ])
            #expect(started.status == 201)
            #expect(started.state == "lookup-balance")
            let session = try #require(started.json?["session"] as? String)
            // A balance under 10 yuan: the SMS offers 1 (top-up link) and 2 (reminder).
            let low = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: sms,
                json: ["id": "task-1", "kind": "outcome", "outcome": "ok", "results": ["balance": 6.5, "credit": 0]])
            #expect(low.state == "await-reply")
            let reply = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: sms,
                json: ["id": "m-1002", "kind": "external", "name": "sms-reply", "text": "1"])
            #expect(reply.status == 200)
            // Read as "1": the top-up link, not the "cannot understand" text.
            #expect(reply.state == "send-top-up-link")
            #expect(reply.actionTypes().contains("handoff"))
        }
    }
}
