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
        return JSONResponse.make(ContactPointAnswer(point, in: map))
    }
}
