import FlowAccess
import FlowLoading
import FlowModel
import FlowPresentation
import FlowStore
import Hummingbird

/// `GET /v1/contact-points` (the flow map, filtered) and `GET /v1/flows/{id}` (the flow
/// query, or the flow's diagram with `?format=mermaid|dot`). Every key may read them
/// (`read-flow-map`).
///
/// Flows are read from the store's published versions, so a flow published through
/// `POST /v1/publish` is shown as it now runs.
struct FlowMapRoutes: Sendable {
    let host: ServiceHost
    let door: Doorkeeper

    func register(on router: Router<BasicRequestContext>) {
        router.get("/v1/contact-points") { request, _ in
            await JSONResponse.answering { () async throws(ServiceError) in try list(request) }
        }
        router.get("/v1/flows/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await JSONResponse.answering { () async throws(ServiceError) in try flow(request, id: id) }
        }
    }

    // MARK: Contact points

    func list(_ request: Request) throws(ServiceError) -> Response {
        _ = try door.admit(request, .readFlowMap, on: .service)
        let map = host.flowMap
        let query = request.uri.queryParameters
        let filters: [(field: String, value: String?, known: (String) -> Bool, of: (ContactPoint) -> String)] = [
            ("channel", query.get("channel"), { map.channel($0) != nil }, \.channel),
            ("business", query.get("business"), { map.business($0) != nil }, \.business),
            ("brand", query.get("brand"), { map.brand($0) != nil }, \.brand),
        ]
        var points = map.contactPoints
        for filter in filters {
            guard let value = filter.value else { continue }
            guard filter.known(value) else {
                throw ServiceError(
                    .notFound, "unknown-contact-point", "the flow map has no \(filter.field) '\(value)'", field: filter.field)
            }
            points = points.filter { filter.of($0) == value }
        }
        let answers = points.map { ContactPointAnswer($0, in: map) }
        return JSONResponse.make(ContactPointList(count: answers.count, contactPoints: answers))
    }

    // MARK: The flow query

    func flow(_ request: Request, id: String) throws(ServiceError) -> Response {
        _ = try door.admit(request, .readFlowMap, on: .service)
        let format = request.uri.queryParameters.get("format") ?? "json"
        guard ["json", "mermaid", "dot"].contains(format) else {
            throw ServiceError(
                .badRequest, "unknown-format", "format '\(format)' is not one of json, mermaid, dot", field: "format")
        }
        let versions: [StoredVersion]
        do {
            versions = try FlowVersionStore(store: host.store).versions(of: id)
        } catch {
            throw ServiceError(.serviceUnavailable, "storage", "the store failed: \(error)")
        }
        guard let current = versions.first(where: \.isCurrent) else {
            throw ServiceError(.notFound, "unknown-flow", "no flow '\(id)' is published", field: "id")
        }
        let loaded = FlowLibrary.load(
            flowText: String(decoding: current.content, as: UTF8.self), path: current.path, flowMap: host.flowMap)
        guard let flow = loaded.flows.first else {
            throw ServiceError(
                .internalServerError, "unloadable-flow", "the published version \(current.version.prefix(12)) of '\(id)' does not load")
        }
        switch format {
        case "mermaid": return Self.text(FlowDiagram(flow: flow).render(.mermaid), type: "text/plain; charset=utf-8")
        case "dot": return Self.text(FlowDiagram(flow: flow).render(.dot), type: "text/vnd.graphviz; charset=utf-8")
        default:
            let walkthrough = FlowWalkthrough(flow: flow, map: host.flowMap).text
            return JSONResponse.make(FlowAnswer(flow, map: host.flowMap, versions: versions, walkthrough: walkthrough))
        }
    }

    static func text(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
