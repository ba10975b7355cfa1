import ArgumentParser
import FlowRuntime
import FlowService
import Foundation
import Logging

/// `flowmap serve`: the engine over HTTP/JSON for channel adapters, agents, QA and auditors.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the engine over HTTP/JSON (sessions, contact points, health, metrics).",
        discussion: """
            Publishes the library into the store (as simulate does), opens the engine on the store \
            (every step durable before it is answered), runs its timers and serves the API. Every /v1 \
            route needs 'Authorization: Bearer fmk_...' with a key from 'flowmap keys create' (the key \
            store beside the store). Settings come from --config FILE (YAML), then FLOWMAP_* environment \
            variables (FLOWMAP_PORT, FLOWMAP_STORE, ...), then these flags. SIGTERM or SIGINT shut it \
            down gracefully. See docs/service.md, "Operations".
            """
    )

    @Option(help: "A YAML configuration file (keys: docs/service.md, \"Operations\"; sample: docs/serve.yaml).")
    var config: String?

    @Option(help: "The SQLite store (created if missing; default flowmap.sqlite).")
    var store: String?

    @Option(help: "The flow library: a folder with flowmap.yaml and the flows (default Flows).")
    var library: String?

    @Option(name: .customLong("key-store"), help: "The key store (default: flowmap.keys.sqlite beside the store).")
    var keyStore: String?

    @Option(help: "The address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on (0: any free port, printed; default 8086).")
    var port: Int?

    @Option(
        name: .customLong("operations-port"),
        help: "A port of its own for /metrics, /health and /ready (0: any free port, printed; default: served on --port).")
    var operationsPort: Int?

    func validate() throws {
        if let port, !(0...65535).contains(port) {
            throw ValidationError("--port must be between 0 and 65535, not \(port)")
        }
        if let operationsPort, !(0...65535).contains(operationsPort) {
            throw ValidationError("--operations-port must be between 0 and 65535, not \(operationsPort)")
        }
    }

    /// The configuration file, then the environment, then the flags.
    func settings() async throws -> ServiceConfiguration {
        var settings: ServiceConfiguration
        do {
            settings = try await ServiceConfiguration.load(file: config)
        } catch {
            throw ValidationError(error.description)
        }
        if let store { settings.store = store }
        if let library { settings.library = library }
        if let keyStore { settings.keyStore = keyStore }
        if let host { settings.host = host }
        if let port { settings.port = port }
        if let operationsPort { settings.operationsPort = operationsPort }
        return settings
    }

    func run() async throws {
        let settings = try await settings()
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                settings.logFormat == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = settings.logLevel
            return handler
        }
        var logger = Logger(label: "flowmap.serve")
        logger.logLevel = settings.logLevel
        let serviceHost: ServiceHost
        do {
            serviceHost = try ServiceHost.open(
                library: settings.library, store: settings.store, keyStore: settings.keyStore,
                configuration: Engine.Configuration(
                    cacheCapacity: settings.cacheCapacity, timerPoll: Int64(settings.timerPoll)))
        } catch let error as ServiceHostError {
            throw ValidationError(error.description)
        }
        // Closed after the server and the timers have stopped: queued steps are written.
        defer { serviceHost.close() }
        let changed = serviceHost.published.filter { $0.status != .unchanged }.count
        FileHandle.standardOutput.write(
            Data("Published \(serviceHost.published.count) documents to \(settings.store) (\(changed) new or changed).\n".utf8))
        let host = settings.host
        var app = ServiceApp(
            host: serviceHost, hostname: host, port: settings.port, logger: logger, bodyLimit: settings.bodyLimit,
            shutdownGrace: .milliseconds(Int64((settings.shutdownGrace * 1000).rounded())))
        app.reports = settings.reports
        app.exportAhead = settings.exportAhead
        app.operationsPort = settings.operationsPort
        try await app.run(
            onRunning: { port in
                // Written straight to the file descriptor: a pipe reader sees it at once.
                FileHandle.standardOutput.write(Data("flowmap serve: listening on http://\(host):\(port)\n".utf8))
            },
            onOperationsRunning: { port in
                FileHandle.standardOutput.write(
                    Data("flowmap serve: /metrics, /health and /ready on http://\(host):\(port)\n".utf8))
            })
        logger.notice("stopped; closing the store")
    }
}
