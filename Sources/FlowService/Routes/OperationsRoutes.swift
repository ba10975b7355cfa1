import Hummingbird

/// `GET /health` (the process answers), `GET /ready` (the session store and the key
/// store can be read) and `GET /metrics` (Prometheus text format). No key needed: bind the
/// service to loopback or a private address.
struct OperationsRoutes: Sendable {
    let host: ServiceHost
    let metrics: ServiceMetrics

    func register(on router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in health() }
        router.get("/ready") { _, _ in await ready() }
        router.get("/metrics") { _, _ in exposition() }
    }

    func exposition() -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition(store: host.store))))
    }

    func health() -> Response {
        JSONResponse.make(HealthAnswer(status: "ok"))
    }

    func ready() async -> Response {
        var checks: [String: String] = [:]
        do {
            _ = try await host.store.session(id: "")
            checks["session-store"] = "ok"
        } catch {
            checks["session-store"] = "\(error)"
        }
        do {
            _ = try host.keys.key(id: "0000000000000000")
            checks["key-store"] = "ok"
        } catch {
            checks["key-store"] = "\(error)"
        }
        let ready = checks.values.allSatisfy { $0 == "ok" }
        return JSONResponse.make(
            HealthAnswer(status: ready ? "ready" : "not-ready", checks: checks), status: ready ? .ok : .serviceUnavailable)
    }
}
