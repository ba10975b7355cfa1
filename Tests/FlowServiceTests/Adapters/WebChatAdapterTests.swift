import FlowService
import Foundation
import HummingbirdWSClient
import Logging
import Testing

/// The web-chat adapter (`WebChatBridge`, what `flowmap adapter webchat` serves) between a
/// chat widget (HummingbirdWSClient over a real socket) and a real service: the shipped
/// balance-inquiry.web (WG102).
@Suite struct WebChatAdapterTests {
    static var quiet: Logger {
        var logger = Logger(label: "flowmap.adapter.webchat.test")
        logger.logLevel = .critical
        return logger
    }

    /// Runs the bridge on a free port for `body`.
    func withBridge(_ server: TestServer, token: String, _ body: (Int) async throws -> Void) async throws {
        let bridge = WebChatBridge(
            client: AdapterFixtures.client(server, token: token), operations: try OperationAnswers.read(file: AdapterFixtures.operations),
            business: "balance-inquiry", port: 0, logger: Self.quiet)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await bridge.run(handlingSignals: false) { continuation.yield($0) } }
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

    /// A widget: records every message (as `type: text` lines) and answers each collect with
    /// the next scripted message; with none left it closes the chat.
    func chat(port: Int, script: [String]) async throws -> (lines: [String], session: String?) {
        let transcript = Transcript()
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/chat?customer=13800138000", logger: Self.quiet) {
            inbound, outbound, _ in
            var script = script
            for try await message in inbound.messages(maxSize: 1 << 16) {
                guard case .text(let text) = message,
                    let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                else { continue }
                transcript.add(json)
                if json["type"] as? String == "collect" {
                    if script.isEmpty { return }
                    try await outbound.write(.text(script.removeFirst()))
                }
            }
        }
        return (transcript.lines, transcript.session)
    }

    @Test func aChatRunsThroughAFormToItsEnd() async throws {
        try await withServer { server in
            let web = try server.key("web-hall", .adapter, channels: ["web"]).token
            try await withBridge(server, token: web) { port in
                let (lines, session) = try await chat(
                    port: port,
                    script: [#"{"type": "input", "text": "alert"}"#, #"{"type": "form", "fields": {"alert_threshold": "20"}}"#, "done"])
                let card = "card: 账户余额 / 可用余额 56.8 元，信用额度 100 元。 [立即充值 余额提醒设置 查看账单 完成]"
                #expect(lines == [
                    "started",
                    card,
                    "collect: choice top-up alert bill done",
                    "send: 余额低于设定金额时，我们会免费发短信提醒您。",
                    "collect: form alert_threshold",
                    "send: 余额提醒已开通，余额低于20元时将短信提醒您。",
                    card,
                    "collect: choice top-up alert bill done",
                    "send: 感谢使用中国移动网上营业厅。",
                    "end: resolved",
                    "ended: resolved in goodbye",
                ])
                let id = try #require(session)
                let log = try await server.host.store.log(session: id)
                #expect(log.last?.to == "goodbye")
                // The form's field was stored as the flow's int variable.
                let shown = try await server.send("GET", "/v1/sessions/\(id)", token: web)
                #expect((shown.json?["variables"] as? [String: Any])?["alert_threshold"] as? Int == 20)
                #expect(shown.json?["ended"] as? String == "resolved")
            }
        }
    }

    @Test func closingTheChatIsAHangUp() async throws {
        try await withServer { server in
            let web = try server.key("web-hall", .adapter, channels: ["web"]).token
            try await withBridge(server, token: web) { port in
                let (lines, session) = try await chat(port: port, script: [])
                #expect(lines.last == "collect: choice top-up alert bill done")
                let id = try #require(session)
                var shown = try await server.send("GET", "/v1/sessions/\(id)", token: web)
                for _ in 0..<600 where shown.json?["status"] as? String != "ended" {
                    try await Task.sleep(nanoseconds: 50_000_000)
                    shown = try await server.send("GET", "/v1/sessions/\(id)", token: web)
                }
                #expect(shown.json?["status"] as? String == "ended")
                #expect(shown.json?["ended"] as? String == "abandoned")
                #expect(shown.json?["state"] as? String == "customer-left")
            }
        }
    }
}

/// The widget's messages, in order, as short lines.
final class Transcript: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [[String: Any]] = []

    func add(_ message: [String: Any]) {
        lock.lock()
        messages.append(message)
        lock.unlock()
    }

    var session: String? {
        lock.lock()
        defer { lock.unlock() }
        return messages.first { $0["type"] as? String == "started" }?["session"] as? String
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return messages.map { message in
            let type = message["type"] as? String ?? "?"
            switch type {
            case "card":
                let buttons = (message["buttons"] as? [String] ?? []).joined(separator: " ")
                return "card: \(message["title"] as? String ?? "") / \(message["text"] as? String ?? "") [\(buttons)]"
            case "collect":
                let choices = (message["options"] as? [String] ?? message["fields"] as? [String] ?? []).joined(separator: " ")
                return "collect: \(message["mode"] as? String ?? "") \(choices)"
            case "end": return "end: \(message["outcome"] as? String ?? "")"
            case "ended": return "ended: \(message["outcome"] as? String ?? "") in \(message["state"] as? String ?? "")"
            case "started": return "started"
            default: return "\(type): \(message["text"] as? String ?? "")"
            }
        }
    }
}
