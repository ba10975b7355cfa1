import FlowAccess
import Foundation
import Testing

/// A request at the door: token, then role and scope; every refusal lands in the log.
@Suite struct AdmissionTests {
    let now = KeyStoreFixture.now

    @Test func admittedRequestsLeaveNoLogLine() throws {
        let fixture = try KeyStoreFixture()
        let agent = try fixture.keys.create(owner: "li.na", role: .agent, scope: KeyScope(agent: "A2", piiReader: true), by: "root", at: now)
        let ivr = try fixture.keys.create(owner: "ivr-gateway", role: .adapter, scope: KeyScope(channels: ["ivr"]), by: "root", at: now)
        #expect(try fixture.keys.admit(
            token: agent.token.text, action: .overrideStep, target: .session(channel: "phone", assignedAgent: "A2"),
            route: "POST /v1/sessions/S1/events", at: now) == .admitted(agent.key, piiInClear: true))
        #expect(try fixture.keys.admit(
            token: ivr.token.text, action: .startSession, target: .channel("ivr"), route: "POST /v1/sessions", at: now)
            == .admitted(ivr.key, piiInClear: false))
        #expect(try fixture.keys.log().map(\.action) == [.create, .create])
    }

    @Test func everyRefusalIsLoggedWithWhoAndWhat() throws {
        let fixture = try KeyStoreFixture()
        let ivr = try fixture.keys.create(owner: "ivr-gateway", role: .adapter, scope: KeyScope(channels: ["ivr"]), by: "root", at: now)
        let agent = try fixture.keys.create(owner: "li.na", role: .agent, scope: KeyScope(agent: "A2"), by: "root", at: now)
        let stranger = KeyToken.generate()
        let session = AccessTarget.session(channel: "phone", assignedAgent: "A3")
        let cases: [(token: String?, action: Action, target: AccessTarget, route: String, code: String, message: String, key: String?)] = [
            (nil, .readFlowMap, .service, "GET /v1/contact-points", "no-token", "no key presented", nil),
            ("fmk_nope", .readFlowMap, .service, "GET /v1/flows/x", "malformed-token",
             "malformed token: a token is fmk_<id>_<secret>: no '_' after the id", nil),
            (stranger.text, .readAudit, .service, "GET /v1/audit/measures", "unknown-key", "no key '\(stranger.id)'", stranger.id),
            ("fmk_\(ivr.key.id)_\(stranger.secret)", .startSession, .channel("ivr"), "POST /v1/sessions", "wrong-secret",
             "wrong secret for key '\(ivr.key.id)'", ivr.key.id),
            (ivr.token.text, .publishFlow, .service, "POST /v1/publish", "role",
             "role adapter may not publish-flow (allowed: designer)", ivr.key.id),
            (ivr.token.text, .startSession, .channel("sms"), "POST /v1/sessions", "channel",
             "channel sms is not one of the key's channels (ivr)", ivr.key.id),
            (agent.token.text, .overrideStep, session, "POST /v1/sessions/S9/events", "agent",
             "the session is assigned to agent A3, not A2", agent.key.id),
        ]
        for (index, item) in cases.enumerated() {
            let at = now.addingTimeInterval(Double(index + 1))
            #expect(try fixture.keys.admit(token: item.token, action: item.action, target: item.target, route: item.route, at: at)
                == .refused(code: item.code, message: item.message), "\(item.route)")
        }
        try fixture.keys.disable(id: agent.key.id, by: "root", reason: "left", at: now.addingTimeInterval(100))
        #expect(try fixture.keys.admit(
            token: agent.token.text, action: .readFlowMap, target: .service, route: "GET /v1/contact-points", at: now.addingTimeInterval(101))
            == .refused(code: "disabled-key", message: "key '\(agent.key.id)' is disabled (left)"))

        let denials = try fixture.keys.log().filter { $0.action == .denial }
        #expect(denials.count == cases.count + 1)
        for (entry, item) in zip(denials, cases) {
            #expect(entry.key == item.key && entry.route == item.route && entry.reason == "\(item.code): \(item.message)")
        }
        #expect(denials.map(\.by) == ["?", "?", "?", "ivr-gateway", "ivr-gateway", "ivr-gateway", "li.na", "li.na"])
        #expect(denials.last?.reason == "disabled-key: key '\(agent.key.id)' is disabled (left)")
    }
}
