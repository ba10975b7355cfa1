import FlowAccess
import FlowRuntime
import FlowService
import Foundation
import Logging
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `flowmap serve` for a test: the shipped Flows/ published into a fresh SQLite store
/// in a temp dir, its key store beside it, the server on 127.0.0.1 at a port the system picks.
final class TestServer: Sendable {
    let directory: URL
    let host: ServiceHost
    let port: Int
    private let task: Task<Void, any Error>
    /// Its own connections: a connection kept alive to an earlier test's server cannot
    /// meet this one on a port the system gave out again.
    let session: URLSession

    static var flowsPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Flows").path
    }

    /// - Parameter timers: whether the engine's timers fire. Off by default: the tests
    ///   drive contacts by hand, and on a loaded machine a task's timeout could otherwise
    ///   fire before the test sends the task's outcome.
    /// - Parameter clock: the engine's clock (a `ManualClock` to move time by hand); the system's when nil.
    /// - Parameter directory: an existing folder whose store to open again (a restart); a fresh one when nil.
    /// - Parameter keepAlive: between a stream's keep-alive comments; the service's 15 s when nil.
    init(timers: Bool = false, clock: (any EngineClock)? = nil, directory existing: URL? = nil, keepAlive: Duration? = nil)
        async throws
    {
        directory = existing ?? FileManager.default.temporaryDirectory.appendingPathComponent("flowservice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        host = try ServiceHost.open(
            library: Self.flowsPath, store: directory.appendingPathComponent("flowmap.sqlite").path, clock: clock ?? SystemClock())
        // Stopping by cancellation makes Hummingbird log errors about closing channels: quiet them.
        var logger = Logger(label: "flowmap.serve.test")
        logger.logLevel = .critical
        var app = ServiceApp(host: host, hostname: "127.0.0.1", port: 0, logger: logger)
        app.runsTimers = timers
        if let keepAlive { app.streamKeepAlive = keepAlive }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        task = Task { try await app.run(handlingSignals: false) { port in continuation.yield(port) } }
        var bound = 0
        for await port in ports {
            bound = port
            break
        }
        port = bound
        session = .loopback()
    }

    func stop() async {
        await halt()
        session.finishTasksAndInvalidate()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Stops the server and closes its store, keeping the folder (for a restart on it).
    func halt() async {
        task.cancel()
        _ = try? await task.value
        host.close()
    }

    /// A new key; its token text.
    func key(_ owner: String, _ role: Role, channels: [String] = [], agent: String? = nil, piiReader: Bool = false) throws
        -> (key: AccessKey, token: String)
    {
        let (key, token) = try host.keys.create(
            owner: owner, role: role, scope: KeyScope(channels: channels, agent: agent, piiReader: piiReader), by: "test-admin",
            at: Date())
        return (key, token.text)
    }

    struct Answer {
        var status: Int
        var data: Data
        /// The body as JSON (a dictionary), or nil.
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] }
        var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
        var errorField: String? { (json?["error"] as? [String: Any])?["field"] as? String }
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    /// Sends a request over real HTTP.
    func send(_ method: String, _ path: String, token: String?, body: Data? = nil, authorization: String? = nil) async throws
        -> Answer
    {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.answer(request)
        return Answer(status: response.statusCode, data: data)
    }

    func send(_ method: String, _ path: String, token: String?, json: [String: Any]) async throws -> Answer {
        try await send(method, path, token: token, body: try JSONSerialization.data(withJSONObject: json))
    }
}

/// Runs `body` with a fresh server, stopping it after.
func withServer(timers: Bool = false, clock: (any EngineClock)? = nil, _ body: (TestServer) async throws -> Void) async throws {
    let server = try await TestServer(timers: timers, clock: clock)
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

extension TestServer.Answer {
    /// The actions of an event answer, as dictionaries.
    var actions: [[String: Any]] { json?["actions"] as? [[String: Any]] ?? [] }
    func actionTypes() -> [String] { actions.compactMap { $0["type"] as? String } }
    func texts() -> [String] { actions.compactMap { $0["text"] as? String } }
    var state: String? { json?["state"] as? String }
}

extension URLSession {
    /// A session of its own for a test's requests to servers on 127.0.0.1 (no cache, no
    /// cookies, no connection shared with another test's server).
    static func loopback(timeout: TimeInterval = 30) -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        return URLSession(configuration: configuration)
    }

    /// The answer to `request`: its body and its HTTP response.
    func answer(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let (data, response) = try await data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        return (data, http)
    }

    /// The answer to one request, over a session made for it alone.
    static func answerOnce(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let session = loopback()
        defer { session.finishTasksAndInvalidate() }
        return try await session.answer(request)
    }
}
