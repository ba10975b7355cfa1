import FlowAccess
import Foundation
import Hummingbird
import Logging

/// Wraps every request: refuses it with 503 `shutting-down` once the shutdown gate is
/// closed, enforces the configured body limit, then, once answered, counts it in the
/// metrics and writes one log line (method, route, status, duration, key id, session,
/// error code): at info, or at error for a 5xx.
struct OperationsMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let gate: ShutdownGate
    let metrics: ServiceMetrics
    let logger: Logger
    /// The largest body accepted; below `BodyReader.limit`, bodies are cut off at it.
    let bodyLimit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let trace = RequestTrace()
        guard gate.enter() else {
            var response = JSONResponse.error(
                ServiceError(.serviceUnavailable, "shutting-down", "the service is shutting down; retry later"))
            response.headers[.connection] = "close"
            finish(request, route: "shutting-down", status: response.status, trace: trace, errorCode: "shutting-down")
            return response
        }
        defer { gate.leave() }
        var request = request
        if bodyLimit < BodyReader.limit {
            request.body = RequestBody(asyncSequence: LimitedBody(base: request.body, limit: bodyLimit))
        }
        var response: Response
        do {
            response = try await RequestTrace.$current.withValue(trace) { try await next(request, context) }
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            // Hummingbird's router names an unmatched request's endpoint "NotFound".
            if status == .notFound, context.endpointPath == nil || context.endpointPath == "NotFound" {
                // No route (or not for this method): said in the API's error form, as every other refusal is.
                response = JSONResponse.error(
                    ServiceError(
                        .notFound, "unknown-route",
                        "no route \(request.method.rawValue) \(request.uri.path) (Schemas/flowmap-api.yaml lists them)"))
                finish(request, route: "unmatched", status: .notFound, trace: trace, errorCode: "unknown-route")
                return response
            }
            finish(request, route: context.endpointPath ?? "unmatched", status: status, trace: trace, errorCode: nil, error: error)
            throw error
        }
        var errorCode: String?
        if response.status.code >= 400 {
            (response, errorCode) = await ErrorBody.read(response)
        }
        finish(request, route: context.endpointPath ?? "unmatched", status: response.status, trace: trace, errorCode: errorCode)
        return response
    }

    private func finish(
        _ request: Request, route: String, status: HTTPResponse.Status, trace: RequestTrace, errorCode: String?,
        error: (any Error)? = nil
    ) {
        let duration = ContinuousClock.now - trace.started
        let denied = status == .unauthorized || status == .forbidden ? errorCode : nil
        metrics.record(
            route: route, method: request.method.rawValue, status: status.code, duration: duration,
            durableAfter: trace.durableAfter, deniedCode: denied)
        // Built only when the line is written (swift-log takes the metadata as an autoclosure):
        // at `log-level: notice` a request costs no formatting and no token parsing here.
        func metadata() -> Logger.Metadata {
            var metadata: Logger.Metadata = [
                "method": .string(request.method.rawValue),
                "route": .string(route),
                "status": .stringConvertible(status.code),
                "duration_ms": .string(duration.millisecondsText),
            ]
            if let key = Self.keyID(request) { metadata["key"] = .string(key) }
            if let session = trace.session { metadata["session"] = .string(session) }
            if let errorCode { metadata["error"] = .string(errorCode) }
            if let error { metadata["failure"] = .string("\(error)") }
            return metadata
        }
        if status.code >= 500 {
            logger.error("request", metadata: metadata())
        } else {
            logger.info("request", metadata: metadata())
        }
    }

    /// The id of the key the request presents (the public part of `fmk_<id>_<secret>`), if any.
    static func keyID(_ request: Request) -> String? {
        guard let token = Doorkeeper.bearer(request) else { return nil }
        return try? KeyToken(parsing: token).id
    }
}

extension Duration {
    /// Milliseconds with three decimals (`6.692`), as `%.3f` writes them, without formatting through Foundation.
    var millisecondsText: String {
        let parts = components
        let microseconds = max(parts.seconds * 1_000_000 + (parts.attoseconds + 500_000_000_000) / 1_000_000_000_000, 0)
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
