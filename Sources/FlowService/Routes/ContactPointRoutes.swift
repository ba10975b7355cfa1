import FlowAccess
import FlowModel
import Hummingbird

/// `GET /v1/contact-points/{code}`: what a code means and which flow serves it in each
/// customer environment.
struct ContactPointRoutes: Sendable {
    let host: ServiceHost
    let door: Doorkeeper

    func register(on router: Router<BasicRequestContext>) {
        router.get("/v1/contact-points/{code}") { request, context in
            let code = context.parameters.get("code") ?? ""
            return await JSONResponse.answering { () async throws(ServiceError) in try resolve(request, code: code) }
        }
    }

    func resolve(_ request: Request, code: String) throws(ServiceError) -> Response {
        _ = try door.admit(request, .readFlowMap, on: .service)
        let map = host.flowMap
        guard let point = map.contactPoints(forCode: code).first else {
            throw ServiceError(.notFound, "unknown-contact-point", "no contact point has the code '\(code)'", field: "code")
        }
        let environments = map.environments.map { environment in
            let resolution = map.resolve(
                business: point.business, channel: point.channel, brand: point.brand, environment: environment.id)
            var flow: String?
            var reason: String?
            switch resolution {
            case .flow(let id): flow = id
            case .notOffered(let why): reason = "not offered: \(why)"
            case .unassigned: reason = "the cell names no flow"
            case .noCell: reason = "no cell for this business and channel"
            case .ambiguous(let flows): reason = "ambiguous: \(flows.joined(separator: " and "))"
            }
            return ContactPointAnswer.EnvironmentResolution(environment: environment.id, flow: flow, reason: reason)
        }
        return JSONResponse.make(
            ContactPointAnswer(
                code: point.code, business: point.business, channel: point.channel, brand: point.brand,
                environments: environments))
    }
}
