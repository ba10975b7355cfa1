import FlowService
import Foundation
import Testing

/// The session stream under a client that does not keep up, and on an idle session.
///
/// The contact: the shipped balance-inquiry.phone (guided), waiting at `greet`, whose
/// choice has no no-match limit: every answer it does not know is one step (a retry record,
/// the question asked again), as many as the test sends.
@Suite struct StreamDeliveryTests {
    /// More steps than a stuck client's socket and the stream's buffer (the newest 64) hold:
    /// about 570 bytes each, 2.8 MB in all, where loopback's buffers (the server's send
    /// buffer grows to over a megabyte here) and the channel's 64 KiB hold about 1.5 MB.
    static let steps = 5_000

    @Test func aClientThatDoesNotReadGetsEveryStepOnceInOrder() async throws {
        try await withServer { server in
            let phone = try server.key("phone-switch", .adapter, channels: ["phone"]).token
            let started = try await server.send("POST", "/v1/sessions", token: phone, json: AccessTests.phoneStart)
            #expect(started.status == 201)
            let session = try #require(started.json?["session"] as? String)
            let startLast = try #require(started.json?["lastSequence"] as? Int)

            let client = try SlowStreamClient(port: server.port, path: "/v1/sessions/\(session)/stream", token: phone)
            // Subscribed (the snapshot is being written) before any step is sent.
            var tries = 0
            while server.host.steps.listeners(of: session) == 0, tries < 300 {
                try await Task.sleep(for: .milliseconds(100))
                tries += 1
            }
            #expect(server.host.steps.listeners(of: session) == 1)

            // Sent 8 at a time (each its own id; the engine applies one session's events in
            // turn): each is one retry record, so the session's log grows by exactly one each.
            for batch in stride(from: 0, to: Self.steps, by: 8) {
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in batch..<min(batch + 8, Self.steps) {
                        group.addTask {
                            try await server.send(
                                "POST", "/v1/sessions/\(session)/events", token: phone,
                                json: ["id": "unknown-\(index)", "kind": "input", "text": "no-such-choice"]
                            ).status
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { $0 == 200 })
            }
            let hangUp = try await server.send(
                "POST", "/v1/sessions/\(session)/end", token: phone, json: ["id": "hang-up", "reason": "caller-hung-up"])
            #expect(hangUp.json?["ended"] as? String == "abandoned")
            let end = try #require(hangUp.json?["lastSequence"] as? Int)
            #expect(end == startLast + Self.steps + 1)

            // Only now does the client read.
            let (status, events) = try await client.readToEnd()
            #expect(status == 200)
            #expect(events.first?.name == "snapshot")
            #expect(events.first?.id == "\(startLast)")
            #expect(events.last?.name == "end")
            #expect(events.last?.json["lastSequence"] as? Int == end)
            let steps = events.filter { $0.name == "step" }
            // Every record after the snapshot, each once, in order: no gap, no duplicate.
            let sequences = steps.flatMap { $0.records.compactMap { $0["sequence"] as? Int } }
            #expect(sequences == Array((startLast + 1)...end))
            // Each event's id is its last record, and ids only grow.
            for step in steps {
                #expect(step.id == "\(step.records.last?["sequence"] as? Int ?? -1)")
            }
            // The client fell behind: what the buffer dropped came from the log, and the
            // newest steps from the buffer, one event each.
            let caughtUp = try #require(steps.lastIndex { $0.json["fromLog"] as? Bool == true })
            // That event carries the first step still in the buffer; the rest of the buffer
            // (at most 63 more, fewer when keep-alives took places in it) follows, live.
            let live = steps[(caughtUp + 1)...]
            #expect(!live.isEmpty && live.count < 64)
            #expect(live.allSatisfy { $0.json["fromLog"] as? Bool == false && $0.records.count == 1 })
            #expect(await server.listeners(of: session, untilZeroWithin: 100) == 0)
        }
    }

    @Test func anIdleStreamGetsKeepAliveComments() async throws {
        let server = try await TestServer(keepAlive: .milliseconds(50))
        do {
            let phone = try server.key("phone-switch", .adapter, channels: ["phone"]).token
            let started = try await server.send("POST", "/v1/sessions", token: phone, json: AccessTests.phoneStart)
            let session = try #require(started.json?["session"] as? String)
            let stream = try EventStream(server: server, path: "/v1/sessions/\(session)/stream", token: phone)
            defer { stream.close() }
            let snapshot = try #require(await stream.next())
            #expect(snapshot.name == "snapshot")
            // Nothing happens in the session; keep-alive comments arrive (waited for, not timed).
            var waited = 0
            while stream.comments < 2, waited < 600 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            #expect(stream.comments >= 2)
            // They are comments, not events: the next event is still the session's next step.
            _ = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: phone,
                json: ["id": "choice-1", "kind": "input", "text": "no-such-choice"])
            let step = try #require(await stream.next())
            #expect(step.name == "step")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
