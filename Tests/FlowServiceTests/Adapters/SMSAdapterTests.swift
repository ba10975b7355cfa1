import FlowService
import Foundation
import Hummingbird
import Logging
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The SMS adapter (`SMSWebhooks`, what `flowmap adapter sms` serves) between a real SMS
/// gateway (a Hummingbird server on 127.0.0.1 that records every outbound text) and a real
/// service: the shipped balance-inquiry.sms (SG102), its 24-hour reply wait.
@Suite struct SMSAdapterTests {
    static var quiet: Logger {
        var logger = Logger(label: "flowmap.adapter.sms.test")
        logger.logLevel = .critical
        return logger
    }

    @Test func aConversationWithAGatewayRetryAppliedOnce() async throws {
        try await withServer { server in
            let sms = try server.key("sms-gateway", .adapter, channels: ["sms"]).token
            try await withGateway { gateway, gatewayPort in
                try await withWebhooks(server, token: sms, gatewayPort: gatewayPort) { port in
                    let first = "【中国移动】您的可用余额为6.5元，已不足10元。24小时内回复1获取充值链接，回复2开通余额不足提醒（免费）。"
                    let alertOn = "【中国移动】余额不足提醒已开通，余额低于10元时将免费短信提醒您。"

                    // The customer sends CXYE (form-encoded, as many gateways post): the balance
                    // is low, so the flow waits up to 24 hours for a reply.
                    let opened = try await inbound(
                        port, form: "from=13800138000&to=10086&text=CXYE&message_id=m-1001")
                    #expect(opened.status == 200)
                    #expect(opened.json?["session"] as? String == "sms-m-1001")
                    #expect(opened.json?["state"] as? String == "await-reply")
                    #expect(opened.json?["replayed"] as? Bool == false)
                    #expect(await gateway.texts == [.init(to: "13800138000", text: first, reference: "m-1001-1")])

                    // The reply (JSON this time) continues the same session.
                    let reply: [String: Any] = ["from": "13800138000", "to": "10086", "text": "2", "message_id": "m-1002"]
                    let replied = try await inbound(port, json: reply)
                    #expect(replied.json?["session"] as? String == "sms-m-1001")
                    #expect(replied.json?["state"] as? String == "alert-on")
                    #expect(replied.json?["ended"] as? String == "resolved")
                    let logged = try await server.host.store.log(session: "sms-m-1001").count

                    // The gateway retries both messages: each is applied once, nothing is sent again.
                    let retried = try await inbound(port, json: reply)
                    #expect(retried.status == 200)
                    #expect(retried.json?["replayed"] as? Bool == true)
                    #expect(retried.json?["state"] as? String == "alert-on")
                    let reopened = try await inbound(port, form: "from=13800138000&to=10086&text=CXYE&message_id=m-1001")
                    #expect(reopened.json?["replayed"] as? Bool == true)
                    #expect(try await server.host.store.log(session: "sms-m-1001").count == logged)
                    #expect(await gateway.texts == [
                        .init(to: "13800138000", text: first, reference: "m-1001-1"),
                        .init(to: "13800138000", text: alertOn, reference: "m-1002-1"),
                    ])

                    // Once that session has ended, the number's next message starts a new contact.
                    let again = try await inbound(port, form: "from=13800138000&to=10086&text=cxye&message_id=m-1003")
                    #expect(again.json?["session"] as? String == "sms-m-1003")
                    #expect(again.json?["state"] as? String == "await-reply")
                    #expect(await gateway.texts.count == 3)
                    #expect(await gateway.texts.last == .init(to: "13800138000", text: first, reference: "m-1003-1"))
                }
            }
        }
    }

    @Test func aMessageWithoutItsIdIsRefusedAndNothingStarts() async throws {
        try await withServer { server in
            let sms = try server.key("sms-gateway", .adapter, channels: ["sms"]).token
            try await withGateway { gateway, gatewayPort in
                try await withWebhooks(server, token: sms, gatewayPort: gatewayPort) { port in
                    let answer = try await inbound(port, form: "from=13800138000&to=10086&text=CXYE")
                    #expect(answer.status == 400)
                    #expect(answer.errorCode == "missing-field")
                    #expect(await gateway.texts.isEmpty)
                }
            }
        }
    }

    // MARK: The gateway, the webhooks, the gateway's posts

    /// A real gateway on 127.0.0.1: `POST /send` records each outbound text.
    func withGateway(_ body: (OutboundTexts, Int) async throws -> Void) async throws {
        let texts = OutboundTexts()
        let router = Router(context: BasicRequestContext.self)
        router.post("/send") { request, context in
            let message = try await request.decode(as: SMSGateway.Outbound.self, context: context)
            await texts.record(message)
            return HTTPResponse.Status.accepted
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in await texts.bound(channel.localAddress?.port ?? 0) }, logger: Self.quiet)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        let port = await texts.port()
        do {
            try await body(texts, port)
        } catch {
            task.cancel()
            throw error
        }
        task.cancel()
        _ = try? await task.value
    }

    /// The adapter for `server`, its conversations kept in the server's folder (so an adapter
    /// started again on a restarted server reads them back).
    func withWebhooks(
        _ server: TestServer, token: String, gatewayPort: Int, business: String = "balance-inquiry",
        operations: String = AdapterFixtures.lowBalance, _ body: (Int) async throws -> Void
    ) async throws {
        let hooks = SMSWebhooks(
            client: AdapterFixtures.client(server, token: token), operations: try OperationAnswers.read(file: operations),
            business: business, gateway: SMSGateway(url: URL(string: "http://127.0.0.1:\(gatewayPort)/send")!), port: 0,
            logger: Self.quiet, conversations: server.directory.appendingPathComponent("sms-conversations.jsonl").path)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await hooks.run(handlingSignals: false) { continuation.yield($0) } }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        do {
            try await body(port)
        } catch {
            task.cancel()
            throw error
        }
        task.cancel()
        _ = try? await task.value
    }

    func inbound(_ port: Int, form: String) async throws -> TestServer.Answer {
        try await post(port, body: Data(form.utf8), contentType: "application/x-www-form-urlencoded")
    }

    func inbound(_ port: Int, json: [String: Any]) async throws -> TestServer.Answer {
        try await post(port, body: try JSONSerialization.data(withJSONObject: json), contentType: "application/json")
    }

    private func post(_ port: Int, body: Data, contentType: String) async throws -> TestServer.Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/sms/inbound")!)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.answerOnce(request)
        return TestServer.Answer(status: response.statusCode, data: data)
    }
}

/// What the gateway was asked to send, in order.
actor OutboundTexts {
    private(set) var texts: [SMSGateway.Outbound] = []
    private var boundPort: Int?
    private var waiting: [CheckedContinuation<Int, Never>] = []

    func record(_ message: SMSGateway.Outbound) { texts.append(message) }

    func bound(_ port: Int) {
        boundPort = port
        for continuation in waiting { continuation.resume(returning: port) }
        waiting = []
    }

    func port() async -> Int {
        if let boundPort { return boundPort }
        return await withCheckedContinuation { waiting.append($0) }
    }
}
