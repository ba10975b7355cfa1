import FlowRuntime
import FlowStore
import Foundation
import Testing

/// The embedding example of docs/integration.md, run as written: an adapter in the same
/// process as the engine, on a real SQLite store in a temp dir, driving the shipped
/// balance-inquiry.ivr (VG102) to its end.
@Suite struct EmbeddedAdapterTests {
    @Test func anEmbeddedAdapterDrivesACallToItsEnd() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("embedded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let store = try SQLiteSessionStore(path: directory.appendingPathComponent("flowmap.sqlite").path)
        let versions = FlowVersionStore(store: store)
        _ = try versions.publish(paths: [TestServer.flowsPath])
        let engine = Engine(
            library: try versions.programLibrary(), flowMap: try #require(try versions.currentFlowMap()), store: store,
            clock: SystemClock())
        let timers = Task { await engine.runTimers() }
        defer {
            timers.cancel()
            store.close()
        }

        let started = try await engine.start(
            StartRequest(
                business: "balance-inquiry", channel: "ivr", brand: "gotone", environment: "own-network",
                customer: "13800138000", variables: ["msisdn": .string("13800138000")], session: "ivr-call-0001"))
        #expect(started.state == "lookup-balance")
        #expect(started.actions == [
            .say("您好，欢迎使用余额查询服务。"),
            .runTask(state: "lookup-balance", operation: "billing.balance", arguments: ["msisdn": "13800138000"], timeout: 6000),
        ])

        let read = try await engine.send(
            .outcome("ok", results: ["balance": .decimal(Decimal(string: "56.8")!), "credit": .decimal(100)]),
            to: started.session, eventID: "ivr-call-0001-1")
        #expect(read.state == "read-balance")
        guard case .collect(let collect) = read.actions.last else {
            Issue.record("read-balance should collect, not \(String(describing: read.actions.last))")
            return
        }
        #expect(collect.options.map(\.key) == ["1", "2", "3", "9"])

        let pressed = try await engine.send(.input("3"), to: started.session, eventID: "ivr-call-0001-2")
        #expect(pressed.state == "send-balance-sms")
        // A retried event id gets the recorded answer and changes nothing.
        let retried = try await engine.send(.input("3"), to: started.session, eventID: "ivr-call-0001-2")
        #expect(retried.replayed)
        #expect(retried.lastSequence == pressed.lastSequence)

        let ended = try await engine.send(.outcome("handed-off"), to: started.session, eventID: "ivr-call-0001-3")
        #expect(ended.state == "sms-sent")
        #expect(ended.ended == .resolved)
        #expect(ended.actions == [.say("余额信息已通过短信发送，感谢您的来电，再见。"), .end(outcome: "resolved")])
    }
}
