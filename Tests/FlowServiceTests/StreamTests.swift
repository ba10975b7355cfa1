import FlowAccess
import FlowService
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `GET /v1/sessions/{id}/stream` over real HTTP: an agent desktop (here a second IVR
/// key) follows an IVR contact that the IVR gateway drives.
@Suite struct StreamTests {
    @Test func aStreamSeesEveryStepOfAContactDrivenByAnotherKeyAndEndsWithIt() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let desktop = try server.key("ivr-monitor", .adapter, channels: ["ivr"]).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let startLast = try #require(started.json?["lastSequence"] as? Int)

            let stream = try EventStream(server: server, path: "/v1/sessions/\(session)/stream", token: desktop)
            defer { stream.close() }
            let snapshot = try #require(await stream.next())
            #expect(stream.status == 200)
            #expect(stream.contentType?.hasPrefix("text/event-stream") == true)
            #expect(snapshot.name == "snapshot")
            #expect(snapshot.id == "\(startLast)")
            #expect(snapshot.json?["state"] as? String == "lookup-balance")
            #expect(snapshot.json?["status"] as? String == "active")
            #expect(snapshot.json?["customer"] as? String == "***")
            #expect((snapshot.json?["variables"] as? [String: Any])?["msisdn"] as? String == "***")
            // Subscribed before the snapshot was written.
            #expect(server.host.steps.listeners(of: session) == 1)

            let balance = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: ivr,
                json: ["id": "task-1", "kind": "outcome", "outcome": "ok", "results": ["balance": 56.8, "credit": 100]])
            let first = try #require(await stream.next())
            #expect(first.name == "step")
            #expect(first.id == "\(try #require(balance.json?["lastSequence"] as? Int))")
            #expect(first.json?["state"] as? String == "read-balance")
            #expect(first.json?["fromLog"] as? Bool == false)
            #expect(first.actionTypes == ["say", "collect"])
            // lookup-balance -> check-balance (on ok) -> read-balance (otherwise: 56.8 is not below 5).
            #expect(first.records.map { $0["from"] as? String } == ["lookup-balance", "check-balance"])
            #expect(first.records.map { $0["to"] as? String } == ["check-balance", "read-balance"])
            #expect(first.records.map { $0["event"] as? String } == ["ok", nil])
            #expect(first.records.first?["sequence"] as? Int == startLast + 1)

            _ = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: ivr, json: ["id": "dtmf-1", "kind": "input", "text": "3"])
            let second = try #require(await stream.next())
            #expect(second.json?["state"] as? String == "send-balance-sms")
            #expect(second.actionTypes.contains("handoff"))
            #expect(second.records.map { $0["to"] as? String } == ["send-balance-sms"])

            _ = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: ivr,
                json: ["id": "handoff-1", "kind": "outcome", "outcome": "handed-off"])
            let third = try #require(await stream.next())
            #expect(third.json?["state"] as? String == "sms-sent")
            #expect(third.json?["ended"] as? String == "resolved")
            let end = try #require(await stream.next())
            #expect(end.name == "end")
            #expect(end.json?["outcome"] as? String == "resolved")
            #expect(await stream.next() == nil)
            #expect(server.host.steps.listeners(of: session) == 0)

            // The stream carried every record the log holds after the snapshot, in order.
            let log = try await server.host.store.log(session: session)
            let streamed = (first.records + second.records + third.records).compactMap { $0["sequence"] as? Int }
            #expect(streamed == log.filter { $0.sequence > Int64(startLast) }.map { Int($0.sequence) })
        }
    }

    @Test func aReconnectWithLastEventIDGetsTheStepsItMissed() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)

            let stream = try EventStream(server: server, path: "/v1/sessions/\(session)/stream", token: ivr)
            _ = try #require(await stream.next())
            _ = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: ivr,
                json: ["id": "task-1", "kind": "outcome", "outcome": "ok", "results": ["balance": 56.8, "credit": 100]])
            let seen = try #require(await stream.next())
            let lastSeen = try #require(seen.id)
            stream.close()

            // Missed while away: the caller presses 3.
            let pressed = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: ivr, json: ["id": "dtmf-1", "kind": "input", "text": "3"])
            let pressedLast = try #require(pressed.json?["lastSequence"] as? Int)

            let again = try EventStream(
                server: server, path: "/v1/sessions/\(session)/stream", token: ivr, lastEventID: lastSeen)
            defer { again.close() }
            let snapshot = try #require(await again.next())
            #expect(snapshot.name == "snapshot")
            #expect(snapshot.id == "\(pressedLast)")
            #expect(snapshot.json?["state"] as? String == "send-balance-sms")
            let missed = try #require(await again.next())
            #expect(missed.name == "step")
            #expect(missed.id == "\(pressedLast)")
            #expect(missed.json?["fromLog"] as? Bool == true)
            #expect(missed.records.map { $0["from"] as? String } == ["read-balance"])
            #expect(missed.records.map { $0["to"] as? String } == ["send-balance-sms"])
            #expect(missed.records.map { $0["sequence"] as? Int } == [Int(lastSeen)! + 1])
            #expect(missed.actionTypes.contains("handoff"))

            _ = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: ivr,
                json: ["id": "handoff-1", "kind": "outcome", "outcome": "handed-off"])
            let live = try #require(await again.next())
            #expect(live.json?["ended"] as? String == "resolved")
            #expect(live.json?["fromLog"] as? Bool == false)
            #expect(try #require(await again.next()).name == "end")
            #expect(await again.next() == nil)
        }
    }

    @Test func aClientThatGoesAwayIsUnsubscribed() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let stream = try EventStream(server: server, path: "/v1/sessions/\(session)/stream", token: ivr)
            _ = try #require(await stream.next())
            #expect(server.host.steps.listeners(of: session) == 1)
            stream.close()

            // The server learns the client left when a write fails: give it steps to write
            // (none of them ends the contact, which would end the stream anyway).
            let events: [[String: Any]] = [
                ["id": "task-1", "kind": "outcome", "outcome": "ok", "results": ["balance": 56.8, "credit": 100]],
                ["id": "dtmf-1", "kind": "input", "text": "1"],
                ["id": "dtmf-2", "kind": "input", "text": "1"],
            ]
            var listeners = 1
            for event in events where listeners > 0 {
                let answer = try await server.send("POST", "/v1/sessions/\(session)/events", token: ivr, json: event)
                #expect(answer.status == 200)
                listeners = await server.listeners(of: session, untilZeroWithin: 50)
            }
            #expect(listeners == 0)
            let shown = try await server.send("GET", "/v1/sessions/\(session)", token: ivr)
            #expect(shown.json?["status"] as? String == "active")
        }
    }

    @Test func streamsAreForTheChannelsAdapterAndTheAssignedAgentOnly() async throws {
        try await withServer { server in
            let phone = try server.key("phone-switch", .adapter, channels: ["phone"]).token
            let started = try await server.send("POST", "/v1/sessions", token: phone, json: AccessTests.phoneStart)
            let session = try #require(started.json?["session"] as? String)
            let path = "/v1/sessions/\(session)/stream"
            let refusals: [(token: String, code: String)] = [
                (try server.key("designer-1", .designer).token, "role"),
                (try server.key("qa-1", .qa).token, "role"),
                (try server.key("auditor-1", .auditor).token, "role"),
                (try server.key("admin-1", .admin).token, "role"),
                (try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token, "channel"),
                (try server.key("agent-2002", .agent, agent: "a-2002").token, "agent"),
            ]
            for refusal in refusals {
                let answer = try await server.send("GET", path, token: refusal.token)
                #expect(answer.status == 403, "\(refusal.code)")
                #expect(answer.errorCode == refusal.code)
            }
            #expect(server.host.steps.listeners(of: session) == 0)

            let unknown = try await server.send("GET", "/v1/sessions/no-such-session/stream", token: phone)
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "unknown-session")
            let anonymous = try await server.send("GET", "/v1/sessions/no-such-session/stream", token: nil)
            #expect(anonymous.status == 401)

            // The assigned agent may follow the contact.
            let agent = try server.key("agent-1001", .agent, agent: "a-1001").token
            let stream = try EventStream(server: server, path: path, token: agent)
            defer { stream.close() }
            let snapshot = try #require(await stream.next())
            #expect(stream.status == 200)
            #expect(snapshot.json?["state"] as? String == "greet")
        }
    }

    @Test func theStreamOfAnEndedSessionIsItsSnapshotAndItsEnd() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let ended = try await server.send("POST", "/v1/sessions/\(session)/end", token: ivr, json: ["id": "hangup-1"])
            let last = try #require(ended.json?["lastSequence"] as? Int)

            let stream = try EventStream(server: server, path: "/v1/sessions/\(session)/stream", token: ivr)
            defer { stream.close() }
            let snapshot = try #require(await stream.next())
            #expect(snapshot.name == "snapshot")
            #expect(snapshot.id == "\(last)")
            #expect(snapshot.json?["status"] as? String == "ended")
            let end = try #require(await stream.next())
            #expect(end.name == "end")
            #expect(end.json?["outcome"] as? String == "abandoned")
            #expect(end.json?["lastSequence"] as? Int == last)
            #expect(await stream.next() == nil)
            #expect(server.host.steps.listeners(of: session) == 0)
        }
    }

    @Test func aMalformedLastEventIDIsRefused() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let answer = try await server.send(
                "GET", "/v1/sessions/\(session)/stream", token: ivr, headers: ["Last-Event-ID": "yesterday"])
            #expect(answer.status == 400)
            #expect(answer.errorCode == "wrong-type")
            #expect(answer.errorField == "Last-Event-ID")
        }
    }
}

// MARK: - A server-sent events client

/// Reads `text/event-stream` from the test server as it arrives (URLSession's data
/// delegate), one event at a time.
final class EventStream: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Event: Sendable {
        var name: String
        var id: String?
        var data: String

        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any]
        }
        var records: [[String: Any]] { json?["records"] as? [[String: Any]] ?? [] }
        var actionTypes: [String] { (json?["actions"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String } }
    }

    private let lock = NSLock()
    private var text = ""
    private var queued: [Event] = []
    private var waiter: CheckedContinuation<Event?, Never>?
    private var finished = false
    private var session: URLSession!
    private var task: URLSessionDataTask!
    private(set) var status: Int?
    private(set) var contentType: String?
    /// Keep-alive comments seen.
    private(set) var comments = 0

    init(server: TestServer, path: String, token: String, lastEventID: String? = nil) throws {
        super.init()
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)\(path)")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("text/event-stream", forHTTPHeaderField: "Accept")
        if let lastEventID { request.setValue(lastEventID, forHTTPHeaderField: "Last-Event-ID") }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
        task = session.dataTask(with: request)
        task.resume()
    }

    /// The next event, or nil once the stream has ended (or nothing came for 30 s, which
    /// only a broken server would do: heartbeats come every 15 s).
    func next() async -> Event? {
        await withTaskGroup(of: Event?.self) { group in
            group.addTask { await self.take() }
            group.addTask {
                // Cancelled once the event came; only a stream silent for 30 s is given up.
                guard (try? await Task.sleep(for: .seconds(30))) != nil else { return nil }
                self.finish()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private func take() async -> Event? {
        await withCheckedContinuation { continuation in
            lock.lock()
            if !queued.isEmpty {
                let event = queued.removeFirst()
                lock.unlock()
                continuation.resume(returning: event)
            } else if finished {
                lock.unlock()
                continuation.resume(returning: nil)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }

    func close() {
        task.cancel()
        session.invalidateAndCancel()
    }

    private func finish() {
        lock.lock()
        finished = true
        let waiting = waiter
        waiter = nil
        lock.unlock()
        waiting?.resume(returning: nil)
    }

    private func deliver(_ event: Event) {
        lock.lock()
        if let waiting = waiter {
            waiter = nil
            lock.unlock()
            waiting.resume(returning: event)
        } else {
            queued.append(event)
            lock.unlock()
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let http = response as? HTTPURLResponse
        status = http?.statusCode
        contentType = http?.value(forHTTPHeaderField: "Content-Type")
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        text += String(decoding: data, as: UTF8.self)
        var blocks: [Substring] = []
        while let range = text.range(of: "\n\n") {
            blocks.append(text[..<range.lowerBound])
            text = String(text[range.upperBound...])
        }
        lock.unlock()
        for block in blocks {
            var name = "message"
            var id: String?
            var data: [String] = []
            var comment = false
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(":") {
                    comment = true
                } else if line.hasPrefix("event: ") {
                    name = String(line.dropFirst(7))
                } else if line.hasPrefix("id: ") {
                    id = String(line.dropFirst(4))
                } else if line.hasPrefix("data: ") {
                    data.append(String(line.dropFirst(6)))
                }
            }
            if comment && data.isEmpty {
                lock.lock()
                comments += 1
                lock.unlock()
                continue
            }
            deliver(Event(name: name, id: id, data: data.joined(separator: "\n")))
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        finish()
    }
}

extension TestServer {
    /// The stream listeners of a session, asked again (up to `tries` times, 100 ms apart)
    /// until there are none: the server notices a client has left only when it writes.
    func listeners(of session: String, untilZeroWithin tries: Int) async -> Int {
        var count = host.steps.listeners(of: session)
        var left = tries
        while count > 0, left > 0 {
            try? await Task.sleep(for: .milliseconds(100))
            count = host.steps.listeners(of: session)
            left -= 1
        }
        return count
    }

    /// A GET with extra headers.
    func send(_ method: String, _ path: String, token: String?, headers: [String: String]) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.answer(request)
        return Answer(status: response.statusCode, data: data)
    }
}
