import FlowRuntime
import FlowService
import Foundation
import Testing

/// Texts of steps the service takes on its own reach the customer through the SMS adapter,
/// which follows each open conversation's session stream: the shipped
/// service-activation.sms (SG203) asks for a Y within 24 hours, and when none comes its
/// `not-confirmed` end tells the customer nothing was ordered. The engine's timers run on a
/// clock the test moves; the customer writes through the adapter and a real gateway.
@Suite struct SMSFollowTests {
    static let day: Int64 = 24 * 3_600_000
    let sms = SMSAdapterTests()
    let lapsed = "【中国移动】您未在24小时内回复Y确认，本次未开通彩铃，不产生任何费用。"

    @Test func aConfirmationThatLapsesIsToldOnceAndRepliesAreNotSentTwice() async throws {
        let clock = ManualClock(now: 1_789_437_600_000)
        try await withServer(clock: clock) { server in
            let token = try server.key("sms-gateway", .adapter, channels: ["sms"]).token
            try await sms.withGateway { gateway, gatewayPort in
                try await sms.withWebhooks(
                    server, token: token, gatewayPort: gatewayPort, business: "service-activation",
                    operations: AdapterFixtures.operations
                ) { port in
                    // Two customers: one lets the confirmation lapse, one confirms.
                    let lapsing = try await sms.inbound(port, form: "from=13900139000&to=10086&text=KTCL&message_id=m-2001")
                    #expect(lapsing.json?["state"] as? String == "await-confirmation")
                    let confirming = try await sms.inbound(port, form: "from=13700137000&to=10086&text=KTCL&message_id=m-3001")
                    #expect(confirming.json?["state"] as? String == "await-confirmation")
                    #expect(await gateway.texts.count == 2)
                    // The adapter follows both sessions before the clock moves.
                    #expect(await Self.followed(server, ["sms-m-2001", "sms-m-3001"]))

                    // The second customer confirms: the activation's text goes out once, with
                    // the reply's answer; the follower sees the same steps and leaves them.
                    let confirmed = try await sms.inbound(port, form: "from=13700137000&to=10086&text=Y&message_id=m-3002")
                    #expect(confirmed.json?["ended"] as? String == "resolved")

                    // A day later the first one's wait times out: the service ends the contact
                    // on its own, and the adapter sends the end's text.
                    clock.advance(by: Self.day)
                    #expect(try await server.host.engine.fireDueTimers() == 1)
                    let closed = try await server.send("GET", "/v1/sessions/sms-m-2001", token: token)
                    #expect(closed.json?["state"] as? String == "not-confirmed")
                    #expect(closed.json?["ended"] as? String == "abandoned")
                    let texts = await Self.texts(gateway, count: 4)
                    let lastSequence = try #require(try await server.host.store.log(session: "sms-m-2001").last?.sequence)
                    #expect(texts.filter { $0.to == "13900139000" }.map(\.text).last == lapsed)
                    #expect(texts.last == .init(to: "13900139000", text: lapsed, reference: "sms-m-2001-\(lastSequence)-1"))
                    #expect(texts.filter { $0.to == "13700137000" }.map(\.reference) == ["m-3001-1", "m-3002-1"])
                    // Nothing more comes: each text went out once.
                    try await Task.sleep(for: .milliseconds(500))
                    #expect(await gateway.texts.count == 4)
                }
            }
        }
    }

    /// Whether the server has a stream listener for each session, asked for up to 5 s.
    static func followed(_ server: TestServer, _ sessions: [String]) async -> Bool {
        for _ in 0..<50 {
            if sessions.allSatisfy({ server.host.steps.listeners(of: $0) > 0 }) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// The gateway's texts once it has `count` of them (or after 10 s).
    static func texts(_ gateway: OutboundTexts, count: Int) async -> [SMSGateway.Outbound] {
        for _ in 0..<100 {
            let texts = await gateway.texts
            if texts.count >= count { return texts }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return await gateway.texts
    }
}
