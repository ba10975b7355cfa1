import FlowRuntime
import FlowService
import Foundation
import Testing

/// A silent caller on the shipped balance-inquiry.ivr (VG102): the collect `read-balance`
/// declares `no-input: { say: 对不起，没有听到您的按键。, max: 2, then: goodbye }` and an input
/// timeout of 6 s. So two silences re-prompt (the apology, then the question again), and the
/// third takes the limit's exit to `goodbye`, which ends the call `resolved`.
@Suite struct IVRSilenceTests {
    static let apology = "对不起，没有听到您的按键。"
    static let question = "您的可用余额为56.8元，信用额度为100元。重听请按1，充值请按2，短信发送余额请按3，结束请按9。"

    /// The IVR platform reports each silence (`flowmap adapter ivr`: an empty line is no-input).
    @Test func theAdaptersNoInputsRePromptThenTakeTheLimitExit() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let run = try await IVRAdapterTests().call(server, token: ivr, keys: "\n\n\n")
            #expect(run.status == 0, "\(run.stderr)")
            let lines = AdapterFixtures.lines(run.stdout)
            #expect(Array(lines.dropFirst(4)) == [
                "collect: dtmf 1 2 3 9 (6 s)",
                "caller: (no input)",
                "say: \(Self.apology)",
                "say: \(Self.question)",
                "collect: dtmf 1 2 3 9 (6 s)",
                "caller: (no input)",
                "say: \(Self.apology)",
                "say: \(Self.question)",
                "collect: dtmf 1 2 3 9 (6 s)",
                "caller: (no input)",
                "say: 感谢您的来电，再见。",
                "end: resolved",
                "ended: resolved in goodbye",
            ])
            let session = try #require(lines.first?.split(separator: " ").dropFirst().first.map(String.init))
            let log = try await server.host.store.log(session: session)
            let silences = log.filter { $0.from == "read-balance" }
            #expect(silences.map(\.trigger) == ["retry", "retry", "limit"])
            #expect(silences.map(\.event) == ["no-input", "no-input", "no-input"])
            #expect(silences.map(\.to) == ["read-balance", "read-balance", "goodbye"])
        }
    }

    /// Nobody reports the silence: the engine's input timer (6 s, on a clock the test moves)
    /// does, and the adapter reads what to play next from `GET /v1/sessions/{id}/actions`.
    @Test func theCollectsInputTimerRePromptsThenTakesTheLimitExit() async throws {
        let clock = ManualClock(now: 1_789_437_600_000)
        try await withServer(clock: clock) { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let waiting = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: ivr,
                json: ["id": "task-1", "kind": "outcome", "outcome": "ok", "results": ["balance": 56.8, "credit": 100]])
            #expect(waiting.state == "read-balance")
            #expect(waiting.actionTypes() == ["say", "collect"])

            // Not yet: 1 ms before the timeout nothing fires.
            clock.advance(by: 5_999)
            #expect(try await server.host.engine.fireDueTimers() == 0)

            for silence in 1...2 {
                clock.advance(by: silence == 1 ? 1 : 6_000)
                #expect(try await server.host.engine.fireDueTimers() == 1)
                let now = try await Self.actions(server, session, token: ivr)
                #expect(now.json?["state"] as? String == "read-balance")
                #expect(now.json?["source"] as? String == "held")
                #expect(now.actionTypes() == ["say", "say", "collect"])
                #expect(now.texts() == [Self.apology, Self.question])
            }
            clock.advance(by: 6_000)
            #expect(try await server.host.engine.fireDueTimers() == 1)
            let ended = try await Self.actions(server, session, token: ivr)
            #expect(ended.json?["state"] as? String == "goodbye")
            #expect(ended.json?["ended"] as? String == "resolved")
            #expect(ended.json?["source"] as? String == "ended")

            let silences = try await server.host.store.log(session: session).filter { $0.from == "read-balance" }
            // A timer's no-input is recorded as the platform's would be: a retry, then the limit.
            #expect(silences.map(\.trigger) == ["retry", "retry", "limit"])
            #expect(silences.map(\.event) == ["no-input", "no-input", "no-input"])
            #expect(silences.map(\.to) == ["read-balance", "read-balance", "goodbye"])
        }
    }

    static func actions(_ server: TestServer, _ session: String, token: String) async throws -> TestServer.Answer {
        let answer = try await server.send("GET", "/v1/sessions/\(session)/actions", token: token)
        #expect(answer.status == 200)
        return answer
    }
}
