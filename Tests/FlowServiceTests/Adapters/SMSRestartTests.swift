import FlowRuntime
@testable import FlowService
import Foundation
import Testing

/// The SMS adapter's conversations survive restarts: a customer's reply within the 24-hour
/// window reaches the session that waits for it after the service and the adapter were both
/// stopped and started again on the same files (the store, the key store, the adapter's
/// conversations). The shipped balance-inquiry.sms (SG102), a real gateway and real HTTP.
@Suite struct SMSRestartTests {
    let sms = SMSAdapterTests()

    @Test func aReplyAfterARestartReachesTheWaitingSession() async throws {
        let first = try await TestServer()
        let folder = first.directory
        let token = try first.key("sms-gateway", .adapter, channels: ["sms"]).token
        try await sms.withGateway { gateway, gatewayPort in
            do {
                try await sms.withWebhooks(first, token: token, gatewayPort: gatewayPort) { port in
                    let opened = try await sms.inbound(port, form: "from=13800138000&to=10086&text=CXYE&message_id=m-1001")
                    #expect(opened.json?["session"] as? String == "sms-m-1001")
                    #expect(opened.json?["state"] as? String == "await-reply")
                }
            } catch {
                await first.stop()
                throw error
            }
            // Both stop; a new service on the same store, a new adapter on the same files.
            await first.halt()
            let second = try await TestServer(directory: folder)
            do {
                try await sms.withWebhooks(second, token: token, gatewayPort: gatewayPort) { port in
                    let replied = try await sms.inbound(
                        port, json: ["from": "13800138000", "to": "10086", "text": "2", "message_id": "m-1002"])
                    #expect(replied.status == 200, "\(replied.text)")
                    // The waiting session took the reply (not a new contact opened by "2").
                    #expect(replied.json?["session"] as? String == "sms-m-1001")
                    #expect(replied.json?["state"] as? String == "alert-on")
                    #expect(replied.json?["ended"] as? String == "resolved")
                    let records = try await second.host.store.log(session: "sms-m-1001")
                    #expect(records.contains { $0.from == "await-reply" && $0.to == "read-reply" })
                    #expect(try await second.host.store.session(id: "sms-m-1002") == nil)

                    // The gateway retries the first message after the restart: still applied once.
                    let retried = try await sms.inbound(port, form: "from=13800138000&to=10086&text=CXYE&message_id=m-1001")
                    #expect(retried.json?["session"] as? String == "sms-m-1001")
                    #expect(retried.json?["replayed"] as? Bool == true)
                    #expect(try await second.host.store.log(session: "sms-m-1001").count == records.count)
                }
                #expect(await gateway.texts.map(\.reference) == ["m-1001-1", "m-1002-1"])
            } catch {
                await second.stop()
                throw error
            }
            await second.stop()
        }
    }

    @Test func theConversationsFileKeepsTheLastSessionOfEachNumber() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sms-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("conversations.jsonl").path

        let first = SMSConversations(journal: path)
        try await first.remember("sms-m-1", for: "13800138000")
        try await first.remember("sms-m-2", for: "13900139000")
        try await first.remember("sms-m-3", for: "13800138000")
        // A crash in the middle of a line: the part written is dropped when read back.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"number":"13700137000","sess"#.utf8))
        try handle.close()

        let second = SMSConversations(journal: path)
        #expect(try await second.session(of: "13800138000") == "sms-m-3")
        #expect(try await second.session(of: "13900139000") == "sms-m-2")
        #expect(try await second.session(of: "13700137000") == nil)
        try await second.remember("sms-m-4", for: "13700137000")
        let third = SMSConversations(journal: path)
        #expect(try await third.session(of: "13700137000") == "sms-m-4")
        #expect(try await third.session(of: "13800138000") == "sms-m-3")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.last == #"{"number":"13700137000","session":"sms-m-4"}"#)
    }
}
