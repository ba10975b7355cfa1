import FlowService
import FlowmapTestSupport
import Foundation
import Testing

/// `flowmap adapter agent`, the real binary, guiding agent a-3001 through a phone contact
/// (the shipped balance-inquiry.phone, PG102) that the phone adapter (this test, with an
/// adapter key for the phone channel) started and assigned to them. The agent takes a step,
/// overrides one with a reason code and records one done outside the engine; both show in
/// the audit as deviations.
@Suite struct AgentDeskTests {
    @Test func anAgentTakesOverridesAndRecordsStepsAndTheAuditSeesThem() async throws {
        try await withServer { server in
            let phone = try server.key("cti-gateway", .adapter, channels: ["phone"]).token
            let agent = try server.key("zhang-wei", .agent, agent: "a-3001").token
            let started = try await server.send(
                "POST", "/v1/sessions", token: phone,
                json: [
                    "business": "balance-inquiry", "channel": "phone", "brand": "gotone", "environment": "own-network",
                    "customer": "13800138000", "variables": ["msisdn": "13800138000"],
                    "agent": ["id": "a-3001", "role": "agent", "orgUnit": "front-line"],
                ])
            #expect(started.status == 201)
            #expect(started.state == "greet")
            let session = try #require(started.json?["session"] as? String)

            async let desk = AdapterFixtures.flowmap(
                [
                    "adapter", "agent", "--service", "http://127.0.0.1:\(server.port)", "--token", agent, "--session", session,
                    // Polling an hour apart: the desk sees the phone system's step only by following the stream.
                    "--wait-limit", "60", "--poll", "3600",
                ],
                input: """
                    own-number
                    :override anything-else customer-declined-top-up
                    :record wrap-up 客户无其他需求，已致谢

                    """)

            // The phone system runs the balance lookup once the agent's step has reached it.
            var state = ""
            for _ in 0..<600 where state != "lookup-balance" {
                try await Task.sleep(nanoseconds: 50_000_000)
                state = try await server.send("GET", "/v1/sessions/\(session)", token: phone).json?["state"] as? String ?? ""
            }
            #expect(state == "lookup-balance")
            let looked = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: phone,
                json: ["id": "task-1", "kind": "outcome", "outcome": "ok", "results": ["balance": 6.5, "credit": 0]])
            #expect(looked.state == "offer-top-up")

            let run = try await desk
            #expect(run.status == 0, "\(run.stderr)")
            // It followed the session's stream while it waited (the only one who asked for it).
            let metrics = Exposition(try await server.send("GET", "/metrics", token: nil).text)
            let streams = metrics["flowmap_http_requests_total", ["route": "/v1/sessions/{id}/stream", "method": "GET", "status": "200"]]
            #expect((streams ?? 0) >= 1)
            #expect(AdapterFixtures.lines(run.stdout) == [
                "session \(session) on balance-inquiry.phone (PG102), agent a-3001",
                "step: greet",
                "say: 您好，中国移动10086，很高兴为您服务。请问您是查询正在通话的这个号码的余额吗？",
                "collect: choice own-number other-number",
                "agent: own-number",
                "step: lookup-balance",
                "say: 好的，请稍等，正在为您查询。",
                "task: billing.balance",
                "waiting for the phone system: task: billing.balance",
                "step: offer-top-up",
                "say: 您当前的可用余额是6.5元，信用额度0元。",
                "say: 您的余额已不足10元，为避免影响使用，建议您及时充值。",
                "say: 我可以为您转入语音自助充值，用绑定的银行卡或充值卡充值；也可以给您发一条充值链接，在网上营业厅充值。您看哪种方便？",
                "collect: choice ivr link later",
                "agent: :override anything-else customer-declined-top-up",
                "step: anything-else",
                "say: 请问还有其他可以帮您的吗？",
                "collect: choice other-business done",
                "agent: :record wrap-up 客户无其他需求，已致谢",
                "say: 感谢您的来电，稍后请对我的服务进行评价，再见。",
                "end: resolved",
                "ended: resolved in wrap-up",
            ])

            // The log: the agent's override (with its reason) and outside step, by a-3001.
            let log = try await server.host.store.log(session: session)
            let override = try #require(log.first { $0.trigger == "override" })
            #expect(override.from == "offer-top-up")
            #expect(override.to == "anything-else")
            #expect(override.reason == "customer-declined-top-up")
            #expect(override.actor == "a-3001")
            let outside = try #require(log.first { $0.trigger == "outside" })
            #expect(outside.to == "wrap-up")
            #expect(outside.actor == "a-3001")

            // The audit of the finished session locates both deviations at their records.
            let audit = try await AdapterFixtures.flowmap(
                ["audit", "session", session, "--store", server.directory.appendingPathComponent("flowmap.sqlite").path, "--format", "json"],
                input: "")
            #expect(audit.status == 0, "\(audit.stderr)")
            let path = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
            #expect(path["conformsOnTrajectory"] as? Bool == false)
            let records = try #require(path["records"] as? [[String: Any]])
            func deviations(at sequence: Int64) -> [String] {
                records.first { ($0["sequence"] as? Int).map(Int64.init) == sequence }?["deviations"] as? [String] ?? []
            }
            #expect(deviations(at: override.sequence).contains("override"))
            #expect(deviations(at: outside.sequence).contains("outside-step"))
        }
    }
}
