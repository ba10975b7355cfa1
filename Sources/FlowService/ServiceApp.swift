import FlowRuntime
import Hummingbird
import Logging

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

    public init(host: ServiceHost, hostname: String = "127.0.0.1", port: Int = 8086, logger: Logger? = nil) {
        self.host = host
        self.hostname = hostname
        self.port = port
        var fallback = Logger(label: "flowmap.serve")
        fallback.logLevel = .warning
        self.logger = logger ?? fallback
    }

    /// The router with every route. Each group of routes registers its own (one file each
    /// under Routes/); `Schemas/flowmap-api.yaml` describes them all.
    func router() -> Router<BasicRequestContext> {
        let door = Doorkeeper(keys: host.keys)
        let router = Router(context: BasicRequestContext.self)
        OperationsRoutes(host: host).register(on: router)
        SessionRoutes(host: host, door: door, waiting: WaitingActions()).register(on: router)
        ContactPointRoutes(host: host, door: door).register(on: router)
        return router
    }

    /// Serves until the task is cancelled (or, with `handlingSignals`, SIGTERM/SIGINT
    /// arrive), running due timers meanwhile. `onRunning` gets the port bound (useful with port 0).
    public func run(
        handlingSignals: Bool = true, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(hostname, port: port), serverName: "flowmap"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        let engine = host.engine
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await engine.runTimers() }
            group.addTask {
                if handlingSignals { try await app.runService() } else { try await app.runService(gracefulShutdownSignals: []) }
            }
            // The server ends first (shutdown); then the timers stop.
            defer { group.cancelAll() }
            _ = try await group.next()
        }
    }
}
