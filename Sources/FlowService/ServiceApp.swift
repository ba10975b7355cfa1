import FlowRuntime
import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP/JSON service over one `ServiceHost`: the routes, the Hummingbird application,
/// and the engine's timers running beside it.
///
/// ```swift
/// let host = try ServiceHost.open(library: "Flows", store: "flowmap.sqlite")
/// let app = ServiceApp(host: host, hostname: "127.0.0.1", port: 8086)
/// try await app.run { port in print("listening on \(port)") }
/// ```
public struct ServiceApp: Sendable {
    public let host: ServiceHost
    public let hostname: String
    public let port: Int
    public var logger: Logger
    /// The largest request body accepted (at most `BodyReader.limit`, 64 KiB).
    public let bodyLimit: Int
    /// How long a graceful shutdown waits for the requests inside to be answered.
    public let shutdownGrace: Duration
    /// What `GET /metrics` shows.
    public let metrics = ServiceMetrics()
    /// Closed when a graceful shutdown begins: later requests get 503 `shutting-down`.
    public let gate = ShutdownGate()
    /// The actions of each session's last step (answers and timers' steps), for the session routes.
    let waiting = WaitingActions()
    /// Whether the engine's timers fire (collect timeouts, task timeouts, waits, SLAs).
    /// Always in production; tests that drive contacts by hand on a loaded machine turn
    /// them off so that a task's 6-second timeout cannot overtake the test's next event.
    public var runsTimers = true
    /// The monthly reports' folder (`reports` in serve.yaml): `GET /v1/audit/reports/{month}`
    /// writes each report there as `flowmap audit report --output` does, and reads earlier
    /// months there for the trend. nil: `reports/` beside the store.
    public var reports: String?
    /// Between the `: keep-alive` comments of an idle session stream (15 s; tests shorten it).
    public var streamKeepAlive: Duration = .seconds(15)
    /// A port of its own for the operations routes (`/metrics`, `/health`, `/ready`), on the
    /// same address, so that a scraper or a load balancer's probe reaches them without the
    /// API's port being open to it (or the API's port to the world without them); nil: they
    /// are served with the API.
    public var operationsPort: Int?

    /// How far an audit export may run ahead of what its client has been sent (64 MiB;
    /// tests shorten it): the disk holds at most that much of an export waiting.
    public var exportAhead = ExportStream.defaultAhead

    public init(
        host: ServiceHost, hostname: String = "127.0.0.1", port: Int = 8086, logger: Logger? = nil,
        bodyLimit: Int = 64 * 1024, shutdownGrace: Duration = .seconds(10)
    ) {
        self.host = host
        self.hostname = hostname
        self.port = port
        self.bodyLimit = bodyLimit
        self.shutdownGrace = shutdownGrace
        var fallback = Logger(label: "flowmap.serve")
        fallback.logLevel = .warning
        self.logger = logger ?? fallback
    }

    /// The router with every route. Each group of routes registers its own (one file each
    /// under Routes/); `Schemas/flowmap-api.yaml` describes them all.
    func router() -> Router<BasicRequestContext> {
        let door = Doorkeeper(keys: host.keys)
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: OperationsMiddleware(gate: gate, metrics: metrics, logger: logger, bodyLimit: bodyLimit))
        if operationsPort == nil { OperationsRoutes(host: host, metrics: metrics).register(on: router) }
        AdminRoutes(host: host, door: door).register(on: router)
        let sessions = SessionRoutes(host: host, door: door, waiting: waiting)
        sessions.register(on: router)
        StreamRoutes(sessions: sessions, heartbeat: streamKeepAlive).register(on: router)
        FlowMapRoutes(host: host, door: door).register(on: router)
        DesignerRoutes(host: host, door: door).register(on: router)
        ContactPointRoutes(host: host, door: door).register(on: router)
        AuditRoutes(host: host, door: door, reports: reports, metrics: metrics, exportAhead: exportAhead).register(on: router)
        QARoutes(host: host, door: door).register(on: router)
        return router
    }

    /// The operations routes alone, for `operationsPort`.
    func operationsRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        OperationsRoutes(host: host, metrics: metrics).register(on: router)
        return router
    }

    /// Serves until SIGTERM/SIGINT arrive (with `handlingSignals`) or the task is cancelled,
    /// running due timers meanwhile; `onRunning` gets the port bound (useful with port 0),
    /// and `onOperationsRunning` the operations port's, when there is one.
    ///
    /// Either way the shutdown is graceful (swift-service-lifecycle's `ServiceGroup`, the
    /// services stopped in reverse order): the gate closes (new requests get 503
    /// `shutting-down`) and the requests inside are answered, for up to `shutdownGrace`;
    /// then the server stops accepting and closes its connections; then the timers stop.
    /// The caller closes the store (`host.close()`) after `run` returns.
    public func run(
        handlingSignals: Bool = true, onRunning: @escaping @Sendable (Int) async -> Void = { _ in },
        onOperationsRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        var app = Application(
            router: router(),
            configuration: .init(address: .hostname(hostname, port: port), serverName: "flowmap"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        if runsTimers { app.addServices(EngineTimers(engine: host.engine)) }
        var services: [any Service] = [app]
        if let operationsPort {
            // Stopped after the drain (services stop in reverse order): the metrics and the
            // probes answer while the requests inside finish.
            services.append(
                Application(
                    router: operationsRouter(),
                    configuration: .init(address: .hostname(hostname, port: operationsPort), serverName: "flowmap-operations"),
                    onServerRunning: { channel in await onOperationsRunning(channel.localAddress?.port ?? 0) },
                    logger: logger))
        }
        services.append(ShutdownDrain(gate: gate, grace: shutdownGrace, logger: logger))
        var configuration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: handlingSignals ? [.sigterm, .sigint] : [], logger: logger)
        // The drain is bounded by the grace; the server's close and the timers get as long again.
        configuration.maximumGracefulShutdownDuration = shutdownGrace * 2
        let group = ServiceGroup(configuration: configuration)
        // Before any step: the timers and the server have not started.
        try await metrics.countActiveSessions(in: host.store)
        let subscription = metrics.observe(host.steps)
        let following = waiting.follow(host.steps)
        defer {
            host.steps.unsubscribe(subscription)
            host.steps.unsubscribe(following)
        }
        // The group runs in a task of its own so that cancelling this one shuts it down
        // gracefully instead of cancelling every service at once.
        let running = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }
}
