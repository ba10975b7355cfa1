import FlowAccess
import Foundation
import Hummingbird

/// `/v1/admin/...`: the service's keys and its access log, for admin keys only
/// (`manage-keys`). Every change is made through `KeyStore` and logged there, with the
/// admin key's owner as `by`.
///
/// The token is checked before the body is read; then the key's role. A disable takes
/// effect on the disabled key's very next request (each request reads the key store).
struct AdminRoutes: Sendable {
    let host: ServiceHost
    let door: Doorkeeper

    func register(on router: Router<BasicRequestContext>) {
        router.post("/v1/admin/keys") { request, _ in
            await JSONResponse.answering { () async throws(ServiceError) in try await create(request) }
        }
        router.get("/v1/admin/keys") { request, _ in
            await JSONResponse.answering { () async throws(ServiceError) in try list(request) }
        }
        router.post("/v1/admin/keys/{id}/disable") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await JSONResponse.answering { () async throws(ServiceError) in try await disable(request, id: id) }
        }
        router.post("/v1/admin/keys/{id}/rotate") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await JSONResponse.answering { () async throws(ServiceError) in try await rotate(request, id: id) }
        }
        router.get("/v1/admin/access-log") { request, _ in
            await JSONResponse.answering { () async throws(ServiceError) in try accessLog(request) }
        }
    }

    // MARK: Routes

    func create(_ request: Request) async throws(ServiceError) -> Response {
        let body = try await read(NewKeyBody.self, request)
        let admin = try door.admit(request, .manageKeys, on: .service).key
        guard let role = Role(rawValue: body.role) else {
            let roles = Role.allCases.map(\.rawValue).joined(separator: ", ")
            throw ServiceError(.badRequest, "unknown-role", "'\(body.role)' is not a role (\(roles))", field: "role")
        }
        let scope = KeyScope(channels: body.channels ?? [], agent: body.agent, piiReader: body.piiReader ?? false)
        let made = try keys { () throws(KeyError) in
            try host.keys.create(owner: body.owner, role: role, scope: scope, by: admin.owner, at: Date())
        }
        return JSONResponse.make(MadeKey(key: KeyView(made.key), token: made.token.text), status: .created)
    }

    func list(_ request: Request) throws(ServiceError) -> Response {
        _ = try door.admit(request, .manageKeys, on: .service)
        let all = request.uri.queryParameters.get("all").map { $0 == "true" || $0 == "1" } ?? false
        let now = Date()
        let listed = try keys { () throws(KeyError) in try host.keys.keys(includeDisabled: all, at: now) }
        return JSONResponse.make(KeyList(keys: listed.map { KeyView($0, at: now) }))
    }

    func disable(_ request: Request, id: String) async throws(ServiceError) -> Response {
        let body = try await read(DisableBody.self, request)
        let admin = try door.admit(request, .manageKeys, on: .service).key
        let disabled = try keys { () throws(KeyError) in
            try host.keys.disable(id: id, by: admin.owner, reason: body.reason, at: Date())
        }
        return JSONResponse.make(KeyAnswer(key: KeyView(disabled)))
    }

    func rotate(_ request: Request, id: String) async throws(ServiceError) -> Response {
        let body = try await read(RotateBody.self, request, emptyIsDefault: RotateBody())
        let admin = try door.admit(request, .manageKeys, on: .service).key
        let rotated = try keys { () throws(KeyError) in
            try host.keys.rotate(id: id, by: admin.owner, grace: body.grace ?? 0, at: Date())
        }
        let now = Date()
        return JSONResponse.make(
            RotatedKey(old: KeyView(rotated.old, at: now), new: KeyView(rotated.new, at: now), token: rotated.token.text))
    }

    func accessLog(_ request: Request) throws(ServiceError) -> Response {
        _ = try door.admit(request, .manageKeys, on: .service)
        let after = request.uri.queryParameters.get("after").flatMap(Int64.init) ?? 0
        let limit = request.uri.queryParameters.get("limit").flatMap(Int.init).map { min(max($0, 1), 10_000) } ?? 1_000
        let entries = try keys { () throws(KeyError) in try host.keys.log() }
        return JSONResponse.make(AccessLogAnswer(entries: entries.filter { $0.id > after }.prefix(limit).map(AccessLogAnswer.Entry.init)))
    }

    // MARK: Helpers

    /// The body, with the token checked first when the body is at fault.
    private func read<T: Decodable>(_ type: T.Type, _ request: Request, emptyIsDefault: T? = nil) async throws(ServiceError)
        -> T
    {
        do {
            let data = try await BodyReader.bytes(of: request, limit: BodyReader.limit)
            if data.isEmpty, let emptyIsDefault { return emptyIsDefault }
            return try BodyReader.decode(type, from: data)
        } catch {
            _ = try door.authenticate(request)
            throw error
        }
    }

    /// Runs a key store call, its refusals as API errors.
    private func keys<T>(_ body: () throws(KeyError) -> T) throws(ServiceError) -> T {
        do {
            return try body()
        } catch {
            throw Self.refusal(error)
        }
    }

    static func refusal(_ error: KeyError) -> ServiceError {
        switch error {
        case .badValue(let field, _, _):
            ServiceError(.badRequest, "invalid-value", error.description, field: field == "by" ? nil : field)
        case .scope:
            ServiceError(.badRequest, "invalid-scope", error.description)
        case .unknownKey:
            ServiceError(.notFound, "no-such-key", error.description)
        case .alreadyDisabled:
            ServiceError(.conflict, "key-disabled", error.description)
        case .alreadyRotated:
            ServiceError(.conflict, "key-rotated", error.description)
        case .unavailable, .refused:
            ServiceError(.serviceUnavailable, "key-store", "the key store failed: \(error.description)")
        }
    }
}

// MARK: Bodies

/// `POST /v1/admin/keys`: `{owner, role, channels?, agent?, piiReader?}`.
struct NewKeyBody: Decodable {
    var owner: String
    var role: String
    var channels: [String]?
    var agent: String?
    var piiReader: Bool?
}

/// `POST /v1/admin/keys/{id}/disable`: `{reason}`.
struct DisableBody: Decodable {
    var reason: String
}

/// `POST /v1/admin/keys/{id}/rotate`: `{grace?}`, seconds the old key keeps working (0: none).
struct RotateBody: Decodable {
    var grace: Double?
}

/// A key as the admin routes show it: never its secret or its digest.
struct KeyView: Encodable {
    var id: String
    var owner: String
    var role: String
    var channels: [String]
    var agent: String?
    var piiReader: Bool
    var status: String
    var createdAt: String
    var createdBy: String
    /// When the key stops (or stopped) working; in the future during a rotation's grace.
    var disabledAt: String?
    var disabledBy: String?
    var disabledReason: String?
    var rotatedFrom: String?

    init(_ key: AccessKey, at moment: Date = Date()) {
        id = key.id
        owner = key.owner
        role = key.role.rawValue
        channels = key.scope.channels
        agent = key.scope.agent
        piiReader = key.scope.piiReader
        status = key.status(at: moment).rawValue
        createdAt = AdminTime.text(key.createdAt)
        createdBy = key.createdBy
        disabledAt = key.disabledAt.map(AdminTime.text)
        disabledBy = key.disabledBy
        disabledReason = key.disabledReason
        rotatedFrom = key.rotatedFrom
    }
}

struct MadeKey: Encodable {
    var key: KeyView
    /// The token, shown this once.
    var token: String
}

struct KeyAnswer: Encodable {
    var key: KeyView
}

struct KeyList: Encodable {
    var keys: [KeyView]
}

struct RotatedKey: Encodable {
    var old: KeyView
    var new: KeyView
    /// The new key's token, shown this once.
    var token: String
}

struct AccessLogAnswer: Encodable {
    /// One line of the access log.
    struct Entry: Encodable {
        var id: Int64
        var at: String
        var action: String
        var by: String
        var key: String?
        var owner: String?
        var route: String?
        var reason: String?

        init(_ entry: AccessLogEntry) {
            id = entry.id
            at = AdminTime.text(entry.at)
            action = entry.action.rawValue
            by = entry.by
            key = entry.key
            owner = entry.owner
            route = entry.route
            reason = entry.reason
        }
    }

    var entries: [Entry]
}

/// Times in answers: ISO 8601 in UTC, to the millisecond (`2026-11-02T09:00:00.250Z`).
enum AdminTime {
    static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
