import FlowRuntime
import ServiceLifecycle

/// The engine's timers as a service: fires due timers until the service group shuts down
/// (after the HTTP server has stopped, so no answered event waits on a timer).
struct EngineTimers: Service {
    let engine: Engine

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await engine.runTimers()
        }
    }
}
