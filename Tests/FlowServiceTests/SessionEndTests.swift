import FlowAccess
import FlowService
import Foundation
import Logging
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `POST /v1/sessions/{id}/end` (the channel ends a contact: a hang-up with an id) and
/// `GET /v1/sessions/{id}/actions` (what the adapter must do now), on the shipped
/// balance-inquiry.ivr, whose `hangup` handler goes to `caller-hung-up` (outcome abandoned).
@Suite struct SessionEndTests {
    @Test func theChannelEndsAContactOnceWhateverTheRetries() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let before = try await server.host.store.log(session: session).count

            let ended = try await server.send(
                "POST", "/v1/sessions/\(session)/end", token: ivr, json: ["id": "hangup-1", "reason": "caller-hung-up"])
            #expect(ended.status == 200)
            #expect(ended.state == "caller-hung-up")
            #expect(ended.json?["ended"] as? String == "abandoned")
            #expect(ended.json?["replayed"] as? Bool == false)

            // A retry with the same id gets the recorded answer and writes nothing.
            let retry = try await server.send("POST", "/v1/sessions/\(session)/end", token: ivr, json: ["id": "hangup-1"])
            #expect(retry.status == 200)
            #expect(retry.state == "caller-hung-up")
            #expect(retry.json?["replayed"] as? Bool == true)
            // Another end of an ended contact says how it ended and changes nothing.
            let late = try await server.send("POST", "/v1/sessions/\(session)/end", token: ivr, json: ["id": "hangup-2"])
            #expect(late.status == 200)
            #expect(late.json?["ended"] as? String == "abandoned")
            #expect(late.actions.isEmpty)

            let log = try await server.host.store.log(session: session)
            #expect(log.count == before + 1)
            #expect(log.last?.from == "lookup-balance")
            #expect(log.last?.to == "caller-hung-up")
            #expect(log.last?.trigger == "handler")
            let shown = try await server.send("GET", "/v1/sessions/\(session)", token: ivr)
            #expect(shown.json?["status"] as? String == "ended")
        }
    }

    @Test func endingIsChecked() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let sms = try server.key("sms-gateway", .adapter, channels: ["sms"]).token
            let auditor = try server.key("auditor-1", .auditor).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let path = "/v1/sessions/\(session)/end"

            let anonymous = try await server.send("POST", path, token: nil, json: ["id": "h1"])
            #expect(anonymous.status == 401)
            let noID = try await server.send("POST", path, token: ivr, json: ["reason": "caller-hung-up"])
            #expect(noID.status == 400)
            #expect(noID.errorCode == "missing-field")
            #expect(noID.errorField == "id")
            let otherChannel = try await server.send("POST", path, token: sms, json: ["id": "h1"])
            #expect(otherChannel.status == 403)
            #expect(otherChannel.errorCode == "channel")
            let readOnly = try await server.send("POST", path, token: auditor, json: ["id": "h1"])
            #expect(readOnly.status == 403)
            #expect(readOnly.errorCode == "role")
            let unknown = try await server.send("POST", "/v1/sessions/no-such-session/end", token: ivr, json: ["id": "h1"])
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "unknown-session")

            // Nothing was written for the refusals.
            let shown = try await server.send("GET", "/v1/sessions/\(session)", token: ivr)
            #expect(shown.json?["status"] as? String == "active")
            #expect(shown.json?["state"] as? String == "lookup-balance")
        }
    }

    @Test func theActionsSayWhatTheAdapterMustDoNow() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let path = "/v1/sessions/\(session)/actions"

            let now = try await server.send("GET", path, token: ivr)
            #expect(now.status == 200)
            #expect(now.json?["source"] as? String == "held")
            #expect(now.state == "lookup-balance")
            #expect(now.actionTypes() == ["say", "run-task"])
            #expect(now.actions.last?["operation"] as? String == "billing.balance")

            _ = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: ivr,
                json: ["id": "task-1", "kind": "outcome", "outcome": "ok", "results": ["balance": 3.5, "credit": 0]])
            let low = try await server.send("GET", path, token: ivr)
            #expect(low.state == "read-low-balance")
            #expect(low.actionTypes() == ["say", "collect"])
            #expect(low.actions.last?["options"] as? [String] == ["1", "2", "3", "9"])

            let sms = try server.key("sms-gateway", .adapter, channels: ["sms"]).token
            let refused = try await server.send("GET", path, token: sms)
            #expect(refused.status == 403)

            _ = try await server.send("POST", "/v1/sessions/\(session)/end", token: ivr, json: ["id": "hangup-1"])
            let over = try await server.send("GET", path, token: ivr)
            #expect(over.json?["status"] as? String == "ended")
            #expect(over.json?["source"] as? String == "ended")
            #expect(over.actionTypes() == ["end"])
            #expect(over.actions.first?["outcome"] as? String == "abandoned")
        }
    }

    @Test func aServerThatHoldsNoActionsRecomputesThemFromTheState() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)

            // A second server over the same store, as after a restart: it has answered
            // nothing for this session, so it rebuilds what the session waits for.
            var logger = Logger(label: "flowmap.serve.second")
            logger.logLevel = .critical
            let second = ServiceApp(host: server.host, hostname: "127.0.0.1", port: 0, logger: logger)
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let running = Task { try await second.run(handlingSignals: false) { continuation.yield($0) } }
            var port = 0
            for await bound in ports {
                port = bound
                break
            }
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/sessions/\(session)/actions")!)
            request.setValue("Bearer \(ivr)", forHTTPHeaderField: "Authorization")
            let (data, _) = try await URLSession.answerOnce(request)
            running.cancel()
            _ = try? await running.value

            let answer = TestServer.Answer(status: 200, data: data)
            #expect(answer.json?["source"] as? String == "recomputed")
            #expect(answer.state == "lookup-balance")
            // The task to run, its argument evaluated from the session's variables; the
            // welcome prompt, already spoken, is not repeated.
            #expect(answer.actionTypes() == ["run-task"])
            let task = try #require(answer.actions.first)
            #expect(task["state"] as? String == "lookup-balance")
            #expect(task["operation"] as? String == "billing.balance")
            #expect(task["arguments"] as? [String: String] == ["msisdn": "13800138000"])
            #expect(task["timeout"] as? Int == 6000)
        }
    }
}
