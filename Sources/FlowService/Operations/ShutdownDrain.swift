import Logging
import ServiceLifecycle

/// The first service to be shut down: when a graceful shutdown begins (SIGTERM, SIGINT or
/// the run task cancelled), it closes the gate, so that new requests get 503
/// `shutting-down`, and waits up to the grace period for the requests inside to be
/// answered. Then the service group stops the server and, last, the timers.
struct ShutdownDrain: Service {
    let gate: ShutdownGate
    let grace: Duration
    let logger: Logger

    func run() async throws {
        // Returns when the graceful shutdown begins (or throws when the group is cancelled).
        try await gracefulShutdown()
        gate.close()
        logger.notice("shutting down: refusing new requests", metadata: ["inside": .stringConvertible(gate.requestsInside)])
        let drained = await gate.drained(within: grace)
        if drained {
            logger.notice("shutting down: every request inside answered")
        } else {
            logger.error(
                "shutting down: grace period over with requests still inside",
                metadata: ["inside": .stringConvertible(gate.requestsInside)])
        }
    }
}
