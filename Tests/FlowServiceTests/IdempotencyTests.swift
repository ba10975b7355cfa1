import FlowService
import Foundation
import Testing

/// A retried event (same id) gets the recorded answer and is logged once.
@Suite struct IdempotencyTests {
    @Test func aRetriedEventReturnsTheSameAnswerAndLogsOnce() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let event: [String: Any] = [
                "id": "task-1", "kind": "outcome", "outcome": "ok", "results": ["balance": 3.2, "credit": 50],
            ]
            let first = try await server.send("POST", "/v1/sessions/\(session)/events", token: ivr, json: event)
            let recordsAfterFirst = try await server.host.store.log(session: session).count
            let retry = try await server.send("POST", "/v1/sessions/\(session)/events", token: ivr, json: event)
            let recordsAfterRetry = try await server.host.store.log(session: session).count

            #expect(first.status == 200)
            #expect(retry.status == 200)
            #expect(first.json?["replayed"] as? Bool == false)
            #expect(retry.json?["replayed"] as? Bool == true)
            #expect(retry.state == "read-low-balance")
            #expect(retry.texts() == first.texts())
            #expect(retry.json?["firstSequence"] as? Int == first.json?["firstSequence"] as? Int)
            #expect(retry.json?["lastSequence"] as? Int == first.json?["lastSequence"] as? Int)
            #expect(recordsAfterRetry == recordsAfterFirst)
            // The event moved the session through check-balance into read-low-balance: two records, once.
            let records = try await server.host.store.log(session: session)
            #expect(records.filter { $0.to == "read-low-balance" }.count == 1)
        }
    }

    @Test func aRetriedStartWithItsSessionIDStartsOnce() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            var start = IVRContactTests.start
            start["session"] = "call-0001"
            let first = try await server.send("POST", "/v1/sessions", token: ivr, json: start)
            let retry = try await server.send("POST", "/v1/sessions", token: ivr, json: start)
            #expect(first.status == 201)
            #expect(retry.status == 200)
            #expect(retry.json?["replayed"] as? Bool == true)
            #expect(retry.json?["session"] as? String == "call-0001")
            #expect(retry.texts() == first.texts())
            let counts = try await server.host.store.counts()
            #expect(counts.sessions == 1)
        }
    }
}
