import FlowAccess
import FlowService
import FlowStore
import FlowmapTestSupport
import Foundation
import Logging
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Graceful shutdown: once it begins, new requests get 503 `shutting-down` (or, once the
/// server has stopped accepting, a connection error); every event answered 200 is in the
/// log after the store is reopened, and the log's hash chains verify.
@Suite struct ShutdownTests {
    @Test func sigtermUnderLoadLosesNothingAcknowledged() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flowshutdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("flowmap.sqlite").path
        let served = try ServeProcess(
            arguments: ["--store", store, "--port", "0"], environment: ["FLOWMAP_SHUTDOWN_GRACE": "20"],
            directory: directory)
        let port = try await served.waitForPort()
        let token = try KeyStore(path: KeyStore.path(besideStore: store)).create(
            owner: "ivr-gateway", role: .adapter, scope: KeyScope(channels: ["ivr"]), by: "test-admin", at: Date()
        ).token.text
        let client = LoadClient(port: port, token: token)

        // 24 callers, each starting a contact and hanging up, again and again, until refused.
        let answered = Counter()
        let results = try await withThrowingTaskGroup(of: [LoadClient.Outcome].self) { group in
            for caller in 0..<24 {
                group.addTask { await client.call(caller: caller, answered: answered) }
            }
            // Shutdown starts while events are in flight: after 300 answers.
            while answered.value < 300, served.isRunning { try await Task.sleep(for: .milliseconds(5)) }
            served.terminate()
            var all: [LoadClient.Outcome] = []
            for try await outcomes in group { all += outcomes }
            return all
        }
        #expect(try await served.wait() == 0, "\(served.errors)")
        #expect(served.errors.contains("shutting down: refusing new requests"))

        let acknowledged = results.filter { $0.status == 200 || $0.status == 201 }
        let refused = results.filter { !($0.status == 200 || $0.status == 201) }
        #expect(acknowledged.count >= 300)
        // Every caller stopped on a refusal: 503 shutting-down, or no connection.
        #expect(refused.count == 24)
        for outcome in refused {
            #expect(outcome.status == 503 && outcome.code == "shutting-down" || outcome.status == nil, "\(outcome)")
        }
        let reopened = try SQLiteSessionStore(path: store, readOnly: true)
        for outcome in acknowledged {
            let receipt = try await reopened.receipt(session: outcome.session, event: outcome.event)
            #expect(receipt != nil, "\(outcome.session) \(outcome.event) was answered \(outcome.status ?? 0) but is not in the log")
        }
        let verification = try LogVerifier(store: reopened).verify()
        #expect(verification.isIntact, "\(verification.report)")
        #expect(verification.sessions >= acknowledged.filter { $0.status == 201 }.count)
    }

    @Test func aClosedGateAnswersShuttingDown() async throws {
        var logger = Logger(label: "flowmap.serve.test")
        logger.logLevel = .critical
        try await withOperationsServer(logger: logger) { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            #expect(try await server.send("GET", "/health", token: nil).status == 200)
            server.app.gate.close()
            let refused = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            #expect(refused.status == 503)
            #expect(refused.errorCode == "shutting-down")
            #expect(try await server.host.store.counts().sessions == 0)
            let metrics = server.app.metrics.exposition(store: server.host.store)
            #expect(Exposition(metrics)["flowmap_http_requests_total", ["route": "shutting-down", "method": "POST", "status": "503"]] == 1)
        }
    }

    @Test func cancellingTheRunTaskShutsDownGracefully() async throws {
        var logger = Logger(label: "flowmap.serve.test")
        logger.logLevel = .critical
        let server = try await OperationsServer(logger: logger)
        let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
        let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
        #expect(started.status == 201)
        server.task.cancel()
        // The run ends without an error: the group shut down, it was not torn down.
        try await server.task.value
        #expect(server.app.gate.isClosed)
        await #expect(throws: (any Error).self) {
            _ = try await server.send("GET", "/health", token: nil)
        }
        let path = server.host.store.path
        await server.stop(removing: false)
        let reopened = try SQLiteSessionStore(path: path, readOnly: true)
        #expect(try await reopened.counts().sessions == 1)
        #expect(try LogVerifier(store: reopened).verify().isIntact)
        try? FileManager.default.removeItem(at: server.directory)
    }
}

/// A thread-safe count.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }
}

/// Callers of the IVR: each starts a contact with its own session id and hangs up, with
/// event ids, until the service refuses it.
struct LoadClient: Sendable {
    let port: Int
    let token: String
    let session: URLSession

    struct Outcome: Sendable, CustomStringConvertible {
        var session: String
        /// The event id (`start` for a start, whose receipt the engine records under that id).
        var event: String
        var status: Int?
        var code: String?
        var description: String { "\(session)/\(event): \(status.map(String.init) ?? "no connection") \(code ?? "")" }
    }

    init(port: Int, token: String) {
        self.port = port
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration)
    }

    func call(caller: Int, answered: Counter) async -> [Outcome] {
        var outcomes: [Outcome] = []
        var contact = 0
        while true {
            let id = "caller-\(caller)-\(contact)"
            contact += 1
            var start = IVRContactTests.start
            start["session"] = id
            let started = await send("/v1/sessions", start, session: id, event: "start")
            outcomes.append(started)
            guard started.status == 201 else { return outcomes }
            answered.increment()
            let hangup = await send("/v1/sessions/\(id)/events", ["id": "hangup-1", "kind": "hangup"], session: id, event: "hangup-1")
            outcomes.append(hangup)
            guard hangup.status == 200 else { return outcomes }
            answered.increment()
        }
    }

    private func send(_ path: String, _ json: [String: Any], session id: String, event: String) async -> Outcome {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try? JSONSerialization.data(withJSONObject: json)
        do {
            let (data, response) = try await session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode
            let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            let code = (body?["error"] as? [String: Any])?["code"] as? String
            return Outcome(session: id, event: event, status: status, code: code)
        } catch {
            return Outcome(session: id, event: event, status: nil, code: nil)
        }
    }
}

/// `flowmap serve` as a child process: its standard output read for the port, its standard
/// error kept in a file (the request log), stopped by a signal.
final class ServeProcess: Sendable {
    private let child: RunningChild
    private let errorFile: URL

    init(arguments: [String], environment: [String: String], directory: URL) throws {
        let library = FlowmapBinary.repositoryRoot.appendingPathComponent("Flows").path
        let hasLibrary = arguments.contains("--library")
        errorFile = directory.appendingPathComponent("serve.stderr")
        child = try RunningChild(
            FlowmapBinary.url, arguments: ["serve"] + arguments + (hasLibrary ? [] : ["--library", library]),
            in: directory,
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FLOWMAP_") }
                .merging(environment) { $1 },
            errorFile: errorFile)
    }

    /// Reads standard output until `listening on http://host:PORT`; the port.
    func waitForPort() async throws -> Int {
        var text = ""
        for try await line in child.lines {
            text += line + "\n"
            if let range = line.range(of: #"listening on http://[^:]+:(\d+)"#, options: .regularExpression),
                let port = line[range].split(separator: ":").last.flatMap({ Int($0) })
            {
                return port
            }
        }
        throw ServeFailure(output: text, errors: errors)
    }

    struct ServeFailure: Error, CustomStringConvertible {
        var output: String
        var errors: String
        var description: String { "flowmap serve ended before listening:\n\(output)\n\(errors)" }
    }

    var isRunning: Bool { child.isRunning }

    /// SIGTERM.
    func terminate() { child.send(.terminate) }

    /// Its exit status once it has ended.
    func wait() async throws -> Int32 {
        ChildProcess.exitStatus(try await child.exit())
    }

    var errors: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }
}
