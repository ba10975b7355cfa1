import FlowAccess
import FlowRuntime
import FlowService
import Foundation
import Testing

/// `GET /v1/contact-points` and `GET /v1/flows/{id}` against the shipped Flows/flowmap.yaml:
/// 11 businesses x 4 channels (phone P, ivr V, web W, sms S) x 3 brands (gotone G, mzone M,
/// easyown E) = 132 contact points; 12 cells are not offered in any environment
/// (top-up phone+sms, plan-change sms, data-package phone, identity-verification web+sms,
/// charge-verification ivr+sms, plan-consultation sms, network-complaint sms,
/// billing-complaint ivr+sms), so 36 contact points have no flow and 96 have one for
/// own-network customers.
@Suite struct FlowMapRoutesTests {
    @Test func everyContactPointOfTheFlowMapIsListed() async throws {
        try await withServer { server in
            let agent = try server.key("agent-1001", .agent, agent: "a-1001").token
            let all = try await server.send("GET", "/v1/contact-points", token: agent)
            #expect(all.status == 200)
            #expect(all.json?["count"] as? Int == 132)
            let points = try #require(all.json?["contactPoints"] as? [[String: Any]])
            #expect(points.count == 132)
            let ownNetworkFlows = points.filter { point in
                (point["environments"] as? [[String: Any]])?.contains {
                    $0["environment"] as? String == "own-network" && $0["flow"] != nil
                } == true
            }
            #expect(ownNetworkFlows.count == 96)
            #expect(Set(points.compactMap { $0["code"] as? String }).count == 132)
        }
    }

    @Test func filtersNarrowTheListing() async throws {
        try await withServer { server in
            let designer = try server.key("designer-1", .designer).token
            let counts: [(query: String, count: Int)] = [
                ("channel=ivr", 33),
                ("business=network-complaint", 12),
                ("brand=gotone", 44),
                ("channel=sms&brand=mzone", 11),
                ("channel=phone&business=network-complaint&brand=gotone", 1),
            ]
            for item in counts {
                let answer = try await server.send("GET", "/v1/contact-points?\(item.query)", token: designer)
                #expect(answer.status == 200)
                #expect(answer.json?["count"] as? Int == item.count, "\(item.query)")
            }

            // The GoTone variant of the phone network complaint goes to the VIP flow.
            let vip = try await server.send(
                "GET", "/v1/contact-points?channel=phone&business=network-complaint&brand=gotone", token: designer)
            let point = try #require((vip.json?["contactPoints"] as? [[String: Any]])?.first)
            #expect(point["code"] as? String == "PG501")
            let environments = try #require(point["environments"] as? [[String: Any]])
            #expect(environments.map { $0["flow"] as? String } == ["network-complaint.phone.vip", "network-complaint.phone.vip"])

            // Plan change by IVR is not offered to other-network customers.
            let plan = try await server.send(
                "GET", "/v1/contact-points?channel=ivr&business=plan-change&brand=easyown", token: designer)
            let planPoint = try #require((plan.json?["contactPoints"] as? [[String: Any]])?.first)
            #expect(planPoint["code"] as? String == "VE202")
            let byEnvironment = try #require(planPoint["environments"] as? [[String: Any]])
            #expect(byEnvironment.first?["flow"] as? String == "plan-change.ivr")
            #expect(byEnvironment.last?["flow"] == nil)
            #expect(byEnvironment.last?["reason"] as? String == "not offered: 异网客户不能办理本网套餐")

            let unknown = try await server.send("GET", "/v1/contact-points?channel=fax", token: designer)
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "unknown-contact-point")
            #expect(unknown.errorField == "channel")
            let anonymous = try await server.send("GET", "/v1/contact-points", token: nil)
            #expect(anonymous.status == 401)
        }
    }

    @Test func theFlowQueryShowsAFlowItsContactPointsAndVersions() async throws {
        try await withServer { server in
            let auditor = try server.key("auditor-1", .auditor).token
            let answer = try await server.send("GET", "/v1/flows/balance-inquiry.ivr", token: auditor)
            #expect(answer.status == 200)
            let json = try #require(answer.json)
            #expect(json["id"] as? String == "balance-inquiry.ivr")
            #expect(json["label"] as? String == "2026.11")
            #expect(json["business"] as? String == "balance-inquiry")
            #expect(json["channel"] as? String == "ivr")
            #expect(json["category"] as? String == "inquiry")
            #expect(json["owner"] as? String == "self-service-ops")
            #expect(json["start"] as? String == "welcome")
            let file = URL(fileURLWithPath: TestServer.flowsPath).appendingPathComponent("balance-inquiry/balance-inquiry.ivr.yaml")
            let version = FlowVersion.hash(of: try Data(contentsOf: file))
            #expect(json["version"] as? String == version)

            let states = try #require(json["states"] as? [[String: Any]])
            #expect(states.map { $0["id"] as? String ?? "" } == [
                "welcome", "check-caller-id", "verify-identity", "lookup-balance", "check-balance", "read-low-balance",
                "read-balance", "to-top-up", "send-balance-sms", "sms-sent", "not-verified", "system-busy", "to-agent",
                "transferred-out", "goodbye", "caller-hung-up",
            ])
            let readBalance = try #require(states.first { $0["id"] as? String == "read-balance" })
            #expect(readBalance["kind"] as? String == "collect")
            #expect(readBalance["mandatory"] as? Bool == true)
            let options = (readBalance["transitions"] as? [[String: Any]] ?? []).filter {
                ($0["origin"] as? String)?.hasPrefix("option") == true
            }
            #expect(options.map { $0["target"] as? String } == ["read-balance", "to-top-up", "send-balance-sms", "goodbye"])
            let handlers = try #require(json["handlers"] as? [[String: Any]])
            #expect(handlers.map { $0["target"] as? String } == ["caller-hung-up", "to-agent", "to-agent"])
            #expect(handlers[1]["guard"] as? String == "input == '0'")
            #expect(handlers[1]["except"] as? [String] == ["to-agent"])

            let served = try #require(json["contactPoints"] as? [[String: Any]])
            #expect(served.map { $0["code"] as? String } == ["VG102", "VM102", "VE102"])
            #expect(served.allSatisfy { $0["environments"] as? [String] == ["own-network", "other-network"] })
            let versions = try #require(json["versions"] as? [[String: Any]])
            #expect(versions.count == 1)
            #expect(versions.first?["version"] as? String == version)
            #expect(versions.first?["current"] as? Bool == true)
            let walkthrough = try #require(json["walkthrough"] as? String)
            #expect(walkthrough.contains("balance-inquiry.ivr  version 2026.11"))
        }
    }

    @Test func aFlowIsDrawnAsMermaidOrDOT() async throws {
        try await withServer { server in
            let qa = try server.key("qa-1", .qa).token
            let mermaid = try await server.send("GET", "/v1/flows/top-up.ivr?format=mermaid", token: qa)
            #expect(mermaid.status == 200)
            #expect(mermaid.text.hasPrefix("---\ntitle: "))
            #expect(mermaid.text.contains("\nstateDiagram-v2\n"))
            let dot = try await server.send("GET", "/v1/flows/top-up.ivr?format=dot", token: qa)
            #expect(dot.status == 200)
            #expect(dot.text.hasPrefix("digraph"))
            let svg = try await server.send("GET", "/v1/flows/top-up.ivr?format=svg", token: qa)
            #expect(svg.status == 400)
            #expect(svg.errorCode == "unknown-format")
            let unknown = try await server.send("GET", "/v1/flows/no-such.flow", token: qa)
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "unknown-flow")
        }
    }
}
