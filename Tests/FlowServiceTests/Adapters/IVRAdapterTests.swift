import FlowService
import FlowmapTestSupport
import Foundation
import Testing

/// `flowmap adapter ivr`, the real binary, taking calls against a real service: the shipped
/// balance-inquiry.ivr (VG102), the caller's keys piped into its stdin.
@Suite struct IVRAdapterTests {
    func call(_ server: TestServer, token: String, keys: String) async throws -> FlowmapRun {
        try await AdapterFixtures.flowmap(
            [
                "adapter", "ivr", "--service", "http://127.0.0.1:\(server.port)", "--token", token, "--contact-point", "VG102",
                "--caller", "13800138000", "--operations", AdapterFixtures.operations,
            ], input: keys)
    }

    @Test func aCallerKeysThreeAndTheBalanceGoesBySMS() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let run = try await call(server, token: ivr, keys: "3\n")
            #expect(run.status == 0, "\(run.stderr)")
            let lines = AdapterFixtures.lines(run.stdout)
            let session = try #require(lines.first?.split(separator: " ").dropFirst().first.map(String.init))
            #expect(lines == [
                "session \(session) on balance-inquiry.ivr",
                "say: 您好，欢迎使用余额查询服务。",
                "task: billing.balance",
                "say: 您的可用余额为56.8元，信用额度为100元。重听请按1，充值请按2，短信发送余额请按3，结束请按9。",
                "collect: dtmf 1 2 3 9 (6 s)",
                "caller: 3",
                "handoff: sms balance-inquiry via sms: 【中国移动】您的可用余额为56.8元，信用额度100元。回复1获取充值链接，回复2开通余额提醒。",
                "say: 余额信息已通过短信发送，感谢您的来电，再见。",
                "end: resolved",
                "ended: resolved in sms-sent",
            ])
            // The whole call is in the store's log, to its end.
            let log = try await server.host.store.log(session: session)
            #expect(log.last?.to == "sms-sent")
            #expect(log.last?.outcome == "resolved")
        }
    }

    @Test func anEmptyLineIsNoInputAndHashHangupEndsTheCall() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let run = try await call(server, token: ivr, keys: "\n#hangup\n")
            #expect(run.status == 0, "\(run.stderr)")
            let lines = Array(AdapterFixtures.lines(run.stdout).dropFirst(4))
            #expect(lines == [
                "collect: dtmf 1 2 3 9 (6 s)",
                "caller: (no input)",
                "say: 对不起，没有听到您的按键。",
                "say: 您的可用余额为56.8元，信用额度为100元。重听请按1，充值请按2，短信发送余额请按3，结束请按9。",
                "collect: dtmf 1 2 3 9 (6 s)",
                "caller: hangs up",
                "end: abandoned",
                "ended: abandoned in caller-hung-up",
            ])
        }
    }

    @Test func theEndOfStdinIsAHangUp() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let run = try await call(server, token: ivr, keys: "")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(
                AdapterFixtures.lines(run.stdout).suffix(4) == [
                    "collect: dtmf 1 2 3 9 (6 s)", "caller: hangs up", "end: abandoned", "ended: abandoned in caller-hung-up",
                ])
        }
    }

    @Test func aKeyForAnotherChannelIsRefusedAndNothingStarts() async throws {
        try await withServer { server in
            let web = try server.key("web-hall", .adapter, channels: ["web"]).token
            let run = try await call(server, token: web, keys: "3\n")
            #expect(run.status == 1)
            #expect(run.stderr.contains("refused (403 channel"))
        }
    }
}
