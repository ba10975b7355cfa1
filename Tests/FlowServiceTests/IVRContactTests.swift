import FlowService
import Foundation
import Testing

/// An IVR contact driven over HTTP from start to end, as the IVR adapter and the hosts
/// would drive it (the shipped balance-inquiry.ivr, VG102, its first scenario).
@Suite struct IVRContactTests {
    static var start: [String: Any] { [
        "business": "balance-inquiry", "channel": "ivr", "brand": "gotone", "environment": "own-network",
        "customer": "13800138000", "variables": ["msisdn": "13800138000"],
    ] }

    @Test func balanceInquiryRunsToItsEndOverHTTP() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token

            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: Self.start)
            #expect(started.status == 201)
            #expect(started.json?["flow"] as? String == "balance-inquiry.ivr")
            #expect(started.state == "lookup-balance")
            #expect(started.actionTypes() == ["say", "run-task"])
            #expect(started.texts() == ["您好，欢迎使用余额查询服务。"])
            let task = try #require(started.actions.last)
            #expect(task["operation"] as? String == "billing.balance")
            // The host needs the number to run the task: arguments are not masked.
            #expect((task["arguments"] as? [String: String])?["msisdn"] == "13800138000")
            let session = try #require(started.json?["session"] as? String)

            let balance = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: ivr,
                json: ["id": "task-1", "kind": "outcome", "outcome": "ok", "results": ["balance": 56.8, "credit": 100]])
            #expect(balance.status == 200)
            #expect(balance.state == "read-balance")
            #expect(balance.actionTypes() == ["say", "collect"])
            #expect(balance.texts() == ["您的可用余额为56.8元，信用额度为100元。重听请按1，充值请按2，短信发送余额请按3，结束请按9。"])
            #expect(balance.actions.last?["options"] as? [String] == ["1", "2", "3", "9"])
            #expect(balance.actions.last?["mode"] as? String == "dtmf")

            let pressed = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: ivr, json: ["id": "dtmf-1", "kind": "input", "text": "3"])
            #expect(pressed.status == 200)
            #expect(pressed.state == "send-balance-sms")
            let handoff = try #require(pressed.actions.first { $0["type"] as? String == "handoff" })
            #expect(handoff["channel"] as? String == "sms")
            #expect(handoff["text"] as? String == "【中国移动】您的可用余额为56.8元，信用额度100元。回复1获取充值链接，回复2开通余额提醒。")

            // While it waits, the session shows where it stands; the number is personal data.
            let shown = try await server.send("GET", "/v1/sessions/\(session)", token: ivr)
            #expect(shown.status == 200)
            #expect(shown.json?["state"] as? String == "send-balance-sms")
            #expect(shown.json?["status"] as? String == "active")
            #expect(shown.json?["customer"] as? String == "***")
            let variables = try #require(shown.json?["variables"] as? [String: Any])
            #expect(variables["msisdn"] as? String == "***")
            #expect(variables["balance"] as? Double == 56.8)
            #expect((shown.json?["actions"] as? [[String: Any]])?.contains { $0["type"] as? String == "handoff" } == true)

            let ended = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: ivr,
                json: ["id": "handoff-1", "kind": "outcome", "outcome": "handed-off"])
            #expect(ended.status == 200)
            #expect(ended.state == "sms-sent")
            #expect(ended.json?["ended"] as? String == "resolved")
            #expect(ended.texts() == ["余额信息已通过短信发送，感谢您的来电，再见。"])

            let after = try await server.send("GET", "/v1/sessions/\(session)", token: ivr)
            #expect(after.json?["status"] as? String == "ended")
            #expect(after.json?["ended"] as? String == "resolved")

            // The store holds the whole contact: every step in the traversal log.
            let log = try await server.host.store.log(session: session)
            #expect(log.last?.to == "sms-sent")
        }
    }

    @Test func aContactPointCodeResolvesToItsFlow() async throws {
        try await withServer { server in
            let auditor = try server.key("auditor-1", .auditor).token
            let answer = try await server.send("GET", "/v1/contact-points/VG102", token: auditor)
            #expect(answer.status == 200)
            #expect(answer.json?["business"] as? String == "balance-inquiry")
            #expect(answer.json?["channel"] as? String == "ivr")
            #expect(answer.json?["brand"] as? String == "gotone")
            let environments = try #require(answer.json?["environments"] as? [[String: Any]])
            #expect(environments.count == 2)
            #expect(environments.allSatisfy { $0["flow"] as? String == "balance-inquiry.ivr" })

            let unknown = try await server.send("GET", "/v1/contact-points/VG999", token: auditor)
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "unknown-contact-point")
        }
    }

    @Test func healthAndReadinessNeedNoKey() async throws {
        try await withServer { server in
            let health = try await server.send("GET", "/health", token: nil)
            #expect(health.status == 200)
            #expect(health.json?["status"] as? String == "ok")
            let ready = try await server.send("GET", "/ready", token: nil)
            #expect(ready.status == 200)
            #expect(ready.json?["status"] as? String == "ready")
        }
    }
}
