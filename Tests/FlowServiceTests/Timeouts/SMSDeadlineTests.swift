import FlowRuntime
import FlowService
import Foundation
import Testing

/// The 24-hour reply deadline of the shipped balance-inquiry.sms (SG102): `await-reply`
/// waits for `sms-reply` with `timeout: 24h`, whose `timeout` outcome goes to `closed`
/// (an end, `resolved`, no text). The engine's timers run on a clock the test moves; the
/// customer writes through the SMS adapter and a real gateway.
@Suite struct SMSDeadlineTests {
    static let day: Int64 = 24 * 3_600_000
    let sms = SMSAdapterTests()

    @Test func noReplyWithin24HoursClosesTheContactAndALateReplyIsANewOne() async throws {
        let clock = ManualClock(now: 1_789_437_600_000)
        try await withServer(clock: clock) { server in
            let token = try server.key("sms-gateway", .adapter, channels: ["sms"]).token
            try await sms.withGateway { gateway, gatewayPort in
                try await sms.withWebhooks(server, token: token, gatewayPort: gatewayPort) { port in
                    let opened = try await sms.inbound(port, form: "from=13800138000&to=10086&text=CXYE&message_id=m-1001")
                    #expect(opened.json?["state"] as? String == "await-reply")

                    // One second before the deadline nothing fires; at the deadline the wait's timeout does.
                    clock.advance(by: Self.day - 1_000)
                    #expect(try await server.host.engine.fireDueTimers() == 0)
                    #expect(try await server.host.engine.session("sms-m-1001").isActive)
                    clock.advance(by: 1_000)
                    #expect(try await server.host.engine.fireDueTimers() == 1)

                    let closed = try await server.send("GET", "/v1/sessions/sms-m-1001", token: token)
                    #expect(closed.json?["state"] as? String == "closed")
                    #expect(closed.json?["ended"] as? String == "resolved")
                    let last = try #require(try await server.host.store.log(session: "sms-m-1001").last)
                    #expect(last.from == "await-reply")
                    #expect(last.to == "closed")
                    #expect(last.event == "timeout")
                    #expect(await gateway.texts.count == 1)

                    // The reply comes after the deadline. Sent to the closed session over the
                    // API, it is refused, saying why, and nothing is written.
                    let records = try await server.host.store.log(session: "sms-m-1001").count
                    let late = try await server.send(
                        "POST", "/v1/sessions/sms-m-1001/events", token: token,
                        json: ["id": "m-1002", "kind": "external", "name": "sms-reply", "text": "2"])
                    #expect(late.status == 409)
                    #expect(late.errorCode == "event-refused")
                    #expect(late.json.flatMap { ($0["error"] as? [String: Any])?["message"] as? String }?
                        .contains("the session has ended") == true)
                    #expect(try await server.host.store.log(session: "sms-m-1001").count == records)

                    // Through the adapter, the late reply opens a new contact, the reply as its
                    // first message ("2": the reminder), and the gateway is told so.
                    let reopened = try await sms.inbound(port, form: "from=13800138000&to=10086&text=2&message_id=m-1003")
                    #expect(reopened.status == 200)
                    #expect(reopened.json?["session"] as? String == "sms-m-1003")
                    #expect(reopened.json?["state"] as? String == "alert-on")
                    #expect(reopened.json?["ended"] as? String == "resolved")
                    #expect(try await server.host.store.log(session: "sms-m-1001").count == records)
                    #expect(await gateway.texts.map(\.reference) == ["m-1001-1", "m-1003-1"])
                }
            }
        }
    }
}
