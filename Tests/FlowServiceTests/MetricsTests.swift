import FlowAccess
import FlowService
import Foundation
import Logging
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `GET /metrics` and the request log: sessions by contact point and outcome, requests by
/// route and status, durable answers, denials by code; one structured line per request.
@Suite struct MetricsTests {
    @Test func sessionsRequestsAndDenialsAreCounted() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let first = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let second = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            #expect(first.status == 201)
            let session = try #require(first.json?["session"] as? String)
            let hangup = try await server.send(
                "POST", "/v1/sessions/\(session)/events", token: ivr, json: ["id": "h1", "kind": "hangup"])
            #expect(hangup.json?["ended"] as? String == "abandoned")
            let anonymous = try await server.send("POST", "/v1/sessions", token: nil, json: IVRContactTests.start)
            #expect(anonymous.errorCode == "no-token")
            #expect(second.status == 201)

            let scraped = try await server.send("GET", "/metrics", token: nil)
            #expect(scraped.status == 200)
            let metrics = Exposition(scraped.text)
            // Two IVR balance inquiries for GoTone customers (VG102) started; one hung up.
            #expect(metrics["flowmap_sessions_started_total", ["contact_point": "VG102"]] == 2)
            #expect(metrics["flowmap_sessions_ended_total", ["contact_point": "VG102", "outcome": "abandoned"]] == 1)
            #expect(metrics["flowmap_sessions_active", ["contact_point": "VG102"]] == 1)
            #expect(metrics["flowmap_http_requests_total", ["route": "/v1/sessions", "method": "POST", "status": "201"]] == 2)
            #expect(metrics["flowmap_http_requests_total", ["route": "/v1/sessions", "method": "POST", "status": "401"]] == 1)
            #expect(
                metrics["flowmap_http_requests_total", ["route": "/v1/sessions/{id}/events", "method": "POST", "status": "200"]] == 1)
            #expect(metrics["flowmap_denied_requests_total", ["code": "no-token"]] == 1)
            // Latency: every request in the histogram; only the three with a step in the durable one.
            #expect(metrics["flowmap_http_request_duration_seconds_count", ["route": "/v1/sessions"]] == 3)
            #expect(metrics["flowmap_durable_answer_seconds_count", ["route": "/v1/sessions"]] == 2)
            #expect(metrics["flowmap_durable_answer_seconds_count", ["route": "/v1/sessions/{id}/events"]] == 1)
            #expect(metrics["flowmap_durable_answer_seconds_bucket", ["route": "/v1/sessions", "le": "+Inf"]] == 2)
            // The store's own figures: three steps committed.
            #expect(metrics["flowmap_store_steps_total", [:]] == 3)
            #expect(scraped.text.contains("# TYPE flowmap_http_request_duration_seconds histogram"))
        }
    }

    @Test func operationsRoutesOnAPortOfTheirOwnAreOffTheAPIPort() async throws {
        var quiet = Logger(label: "flowmap.serve.test")
        quiet.logLevel = .critical
        let server = try await OperationsServer(logger: quiet, operationsApart: true)
        #expect(server.operationsPort != 0 && server.operationsPort != server.port)
        let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
        let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
        #expect(started.status == 201)

        let metrics = try await server.send("GET", "/metrics", token: nil, port: server.operationsPort)
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("flowmap_sessions_started_total{contact_point=\"VG102\"} 1"), "\(metrics.text)")
        #expect(try await server.send("GET", "/health", token: nil, port: server.operationsPort).status == 200)
        #expect(try await server.send("GET", "/ready", token: nil, port: server.operationsPort).status == 200)
        // Not on the API's port, and the API is not on theirs.
        for path in ["/metrics", "/health", "/ready"] {
            let answer = try await server.send("GET", path, token: nil)
            #expect(answer.status == 404, "\(path)")
            #expect(answer.errorCode == "unknown-route", "\(answer.text)")
        }
        #expect(try await server.send("GET", "/v1/flow-map", token: ivr, port: server.operationsPort).status == 404)
        await server.stop()
    }

    @Test func sessionsAnEarlierRunLeftActiveAreCountedAtStart() async throws {
        let first = try await TestServer()
        let ivr = try first.key("ivr-gateway", .adapter, channels: ["ivr"]).token
        var sessions: [String] = []
        for _ in 0..<3 {
            let started = try await first.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            sessions.append(try #require(started.json?["session"] as? String))
        }
        let hangup = try await first.send("POST", "/v1/sessions/\(sessions[0])/events", token: ivr, json: ["id": "h1", "kind": "hangup"])
        #expect(hangup.json?["ended"] as? String == "abandoned")
        await first.halt()

        // A restart on the same store: two VG102 contacts are still active.
        let second = try await TestServer(directory: first.directory)
        do {
            var metrics = Exposition(try await second.send("GET", "/metrics", token: nil).text)
            #expect(metrics["flowmap_sessions_active", ["contact_point": "VG102"]] == 2)
            #expect(metrics["flowmap_sessions_started_total", ["contact_point": "VG102"]] == nil)
            let again = try second.key("ivr-gateway-2", .adapter, channels: ["ivr"]).token
            for session in sessions.dropFirst() {
                let ended = try await second.send("POST", "/v1/sessions/\(session)/events", token: again, json: ["id": "h1", "kind": "hangup"])
                #expect(ended.json?["ended"] as? String == "abandoned")
            }
            metrics = Exposition(try await second.send("GET", "/metrics", token: nil).text)
            #expect(metrics["flowmap_sessions_active", ["contact_point": "VG102"]] == 0)
            #expect(metrics["flowmap_sessions_ended_total", ["contact_point": "VG102", "outcome": "abandoned"]] == 2)
        } catch {
            await second.stop()
            throw error
        }
        await second.stop()
    }

    @Test func aRetriedEventIsNotASecondStep() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            for _ in 0..<2 {
                _ = try await server.send("POST", "/v1/sessions/\(session)/events", token: ivr, json: ["id": "h1", "kind": "hangup"])
            }
            let metrics = Exposition(try await server.send("GET", "/metrics", token: nil).text)
            #expect(metrics["flowmap_sessions_ended_total", ["contact_point": "VG102", "outcome": "abandoned"]] == 1)
            #expect(metrics["flowmap_sessions_active", ["contact_point": "VG102"]] == 0)
            #expect(metrics["flowmap_durable_answer_seconds_count", ["route": "/v1/sessions/{id}/events"]] == 1)
            #expect(
                metrics["flowmap_http_requests_total", ["route": "/v1/sessions/{id}/events", "method": "POST", "status": "200"]] == 2)
        }
    }

    @Test func everyRequestIsOneStructuredLogLine() async throws {
        let lines = LogLines()
        var logger = Logger(label: "flowmap.serve.test") { label in JSONLogHandler(label: label, write: lines.append) }
        logger.logLevel = .info
        try await withOperationsServer(logger: logger) { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"])
            let started = try await server.send("POST", "/v1/sessions", token: ivr.token, json: IVRContactTests.start)
            let session = try #require(started.json?["session"] as? String)
            let refused = try await server.send("GET", "/v1/sessions/\(session)", token: "fmk_nonsense")
            #expect(refused.status == 401)

            let requests = lines.objects.filter { $0["message"] as? String == "request" }
            #expect(requests.count == 2)
            let start = try #require(requests.first)
            #expect(start["level"] as? String == "info")
            #expect(start["method"] as? String == "POST")
            #expect(start["route"] as? String == "/v1/sessions")
            #expect(start["status"] as? String == "201")
            #expect(start["key"] as? String == ivr.key.id)
            #expect(start["session"] as? String == session)
            #expect(Double(start["duration_ms"] as? String ?? "") != nil)
            let denied = try #require(requests.last)
            #expect(denied["route"] as? String == "/v1/sessions/{id}")
            #expect(denied["status"] as? String == "401")
            #expect(denied["error"] as? String == "malformed-token")
            #expect(denied["key"] == nil)
        }
    }

    @Test func theLogLevelKeepsRequestLinesOut() async throws {
        let lines = LogLines()
        var logger = Logger(label: "flowmap.serve.test") { label in JSONLogHandler(label: label, write: lines.append) }
        logger.logLevel = .warning
        try await withOperationsServer(logger: logger) { server in
            _ = try await server.send("GET", "/health", token: nil)
            #expect(lines.objects.filter { $0["message"] as? String == "request" }.isEmpty)
        }
    }
}

/// The samples of a Prometheus text exposition, looked up by name and labels.
struct Exposition {
    var samples: [(name: String, labels: [String: String], value: Double)] = []

    init(_ text: String) {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            let series = line[..<space]
            var labels: [String: String] = [:]
            var name = String(series)
            if let open = series.firstIndex(of: "{"), series.hasSuffix("}") {
                name = String(series[..<open])
                let inside = series[series.index(after: open)..<series.index(before: series.endIndex)]
                for pair in inside.split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2 else { continue }
                    labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
                }
            }
            samples.append((name, labels, value))
        }
    }

    /// The value of the series with exactly these labels; nil when absent.
    subscript(name: String, labels: [String: String]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }
}

/// Log lines written by a `JSONLogHandler`, kept for a test.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var append: @Sendable (String) -> Void {
        { [self] line in
            lock.lock()
            lines.append(line)
            lock.unlock()
        }
    }

    var objects: [[String: Any]] {
        lock.lock()
        defer { lock.unlock() }
        return lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }
}

/// A real server like `withServer`'s, built here so that the test chooses its logger and
/// limits and holds its `ServiceApp` (metrics, shutdown gate).
final class OperationsServer: Sendable {
    let directory: URL
    let host: ServiceHost
    let app: ServiceApp
    let port: Int
    /// Its own connections (see `TestServer.session`).
    private let session = URLSession.loopback()
    /// The operations routes' own port (0: served with the API).
    let operationsPort: Int
    let task: Task<Void, any Error>

    init(logger: Logger, bodyLimit: Int = 64 * 1024, directory: URL? = nil, operationsApart: Bool = false) async throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("flowops-\(UUID().uuidString)")
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        host = try ServiceHost.open(library: TestServer.flowsPath, store: directory.appendingPathComponent("flowmap.sqlite").path)
        var app = ServiceApp(host: host, hostname: "127.0.0.1", port: 0, logger: logger, bodyLimit: bodyLimit)
        if operationsApart { app.operationsPort = 0 }
        self.app = app
        let (ports, continuation) = AsyncStream.makeStream(of: (operations: Bool, port: Int).self)
        task = Task { [app] in
            try await app.run(
                handlingSignals: false, onRunning: { port in continuation.yield((false, port)) },
                onOperationsRunning: { port in continuation.yield((true, port)) })
        }
        var bound = (api: 0, operations: 0)
        for await (operations, port) in ports {
            if operations { bound.operations = port } else { bound.api = port }
            if bound.api != 0, bound.operations != 0 || !operationsApart { break }
        }
        port = bound.api
        operationsPort = bound.operations
    }

    func key(_ owner: String, _ role: Role, channels: [String] = [], agent: String? = nil) throws -> (key: AccessKey, token: String) {
        let (key, token) = try host.keys.create(
            owner: owner, role: role, scope: KeyScope(channels: channels, agent: agent), by: "test-admin", at: Date())
        return (key, token.text)
    }

    func send(
        _ method: String, _ path: String, token: String?, body: Data? = nil, port: Int? = nil
    ) async throws -> TestServer.Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port ?? self.port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.answer(request)
        return TestServer.Answer(status: response.statusCode, data: data)
    }

    func send(_ method: String, _ path: String, token: String?, json: [String: Any]) async throws -> TestServer.Answer {
        try await send(method, path, token: token, body: try JSONSerialization.data(withJSONObject: json))
    }

    /// Stops the server (a graceful shutdown: cancelling the run task) and closes the store.
    func stop(removing: Bool = true) async {
        task.cancel()
        _ = try? await task.value
        host.close()
        session.finishTasksAndInvalidate()
        if removing { try? FileManager.default.removeItem(at: directory) }
    }
}

func withOperationsServer(logger: Logger, bodyLimit: Int = 64 * 1024, _ body: (OperationsServer) async throws -> Void)
    async throws
{
    let server = try await OperationsServer(logger: logger, bodyLimit: bodyLimit)
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}
