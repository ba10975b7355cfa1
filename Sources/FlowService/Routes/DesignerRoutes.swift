import FlowAccess
import FlowLoading
import FlowModel
import Foundation
import Hummingbird

/// `POST /v1/lint` and `POST /v1/publish` (designers: `lint-flow`, `publish-flow`).
///
/// The body is a flow file's YAML (`Content-Type: application/yaml` or `text/...`, the
/// path for diagnostics in `?path=`), or JSON `{"path": ..., "text": ...}`; at most
/// 64 KiB (`BodyReader.limit`; the largest shipped flow is a fraction of that). The flow
/// is linted against the flow map the service runs, with the rules of one flow (the rules
/// across flows run again when it is published).
struct DesignerRoutes: Sendable {
    let host: ServiceHost
    let door: Doorkeeper
    let publisher: FlowPublisher

    init(host: ServiceHost, door: Doorkeeper) {
        self.host = host
        self.door = door
        self.publisher = FlowPublisher(host: host)
    }

    func register(on router: Router<BasicRequestContext>) {
        router.post("/v1/lint") { request, _ in
            await JSONResponse.answering { () async throws(ServiceError) in try await lint(request) }
        }
        router.post("/v1/publish") { request, _ in
            await JSONResponse.answering { () async throws(ServiceError) in try await publish(request) }
        }
    }

    /// 200 with the diagnostics, `ok: false` when there are errors: the request was
    /// fine, the flow is not.
    func lint(_ request: Request) async throws(ServiceError) -> Response {
        let body = try await read(request)
        _ = try door.admit(request, .lintFlow, on: .service)
        let loaded = FlowLibrary.load(flowText: body.text, path: body.path ?? Self.defaultPath, flowMap: host.flowMap)
        return JSONResponse.make(
            LintAnswer(
                ok: !loaded.hasErrors, flow: loaded.flows.first?.id, errors: loaded.errorCount,
                warnings: loaded.warningCount, diagnostics: loaded.diagnostics.map(DiagnosticView.init)))
    }

    /// Lints, then stores the flow as a published version and makes it current in the
    /// engine (201); unchanged content is a no-op (200, `new: false`); lint errors are
    /// refused with 422 `lint-errors` and the diagnostics, and nothing is stored.
    func publish(_ request: Request) async throws(ServiceError) -> Response {
        let body = try await read(request)
        _ = try door.admit(request, .publishFlow, on: .service)
        let outcome = await publisher.publish(text: body.text, path: body.path ?? Self.defaultPath)
        switch outcome {
        case .refused(let diagnostics):
            let errors = diagnostics.count { $0.severity == .error }
            return JSONResponse.make(
                LintRefusal(
                    error: .init(code: "lint-errors", message: "the flow has \(errors) lint error(s); nothing was published"),
                    diagnostics: diagnostics.map(DiagnosticView.init)),
                status: .unprocessableContent)
        case .failed(let error):
            throw error
        case .published(let answer):
            return JSONResponse.make(answer, status: answer.new || answer.status == "restored" ? .created : .ok)
        }
    }

    static let defaultPath = "flow.yaml"

    /// The flow text and its path, from YAML/text or JSON; the token is checked before any
    /// fault in the body is reported.
    private func read(_ request: Request) async throws(ServiceError) -> FlowTextBody {
        do throws(ServiceError) {
            let data = try await BodyReader.bytes(of: request, limit: BodyReader.limit)
            let type = request.headers[.contentType]?.lowercased() ?? ""
            if type.hasPrefix("application/json") {
                return try BodyReader.decode(FlowTextBody.self, from: data)
            }
            guard let text = String(bytes: data, encoding: .utf8) else {
                throw ServiceError(.badRequest, "invalid-utf8", "the body is not valid UTF-8")
            }
            return FlowTextBody(path: request.uri.queryParameters.get("path"), text: text)
        } catch {
            _ = try door.authenticate(request)
            throw error
        }
    }
}
