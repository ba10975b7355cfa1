import FlowAccess
import Foundation
import Hummingbird
import Testing

@testable import FlowService

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The OpenAPI document `Schemas/flowmap-api.yaml` and the service agree: the router's
/// routes are the document's operations (both ways, path parameters by name), the `Error`
/// schema's `code` enum is every code the source can answer, each operation's key
/// requirements are `AccessPolicy.matrix`'s, and real answers match the schemas.
/// The document is read by `OpenAPIDocument`, the codes by `SourceErrorCodes` (OpenAPI/).
@Suite struct OpenAPIAgreementTests {
    let document: OpenAPIDocument

    init() throws {
        document = try OpenAPIDocument.load()
    }

    // MARK: Routes

    /// An operation marked `x-flowmap-built: false` has its code in Routes/ but no route
    /// in the router yet: it must not be routed (once it is, the mark goes).
    @Test func everyRouteIsDocumentedAndEveryOperationIsARoute() async throws {
        try await withServer { server in
            let routes = Set(ServiceApp(host: server.host).router().routes.map { "\($0.method.rawValue) \($0.path)" })
            let built = Set(document.operations.filter(\.isBuilt).map(\.route))
            let notYetRouted = Set(document.operations.filter { !$0.isBuilt }.map(\.route))
            #expect(!routes.isEmpty)
            let undocumented = routes.subtracting(built).subtracting(notYetRouted).sorted()
            let unrouted = built.subtracting(routes).sorted()
            let routedNow = notYetRouted.intersection(routes).sorted()
            #expect(undocumented.isEmpty, "routes the document lacks: \(undocumented)")
            #expect(unrouted.isEmpty, "documented operations no route serves: \(unrouted)")
            #expect(routedNow.isEmpty, "routed now: remove `x-flowmap-built: false` from \(routedNow)")
        }
    }

    @Test func pathParametersMatchThePathByName() throws {
        for operation in document.operations {
            let inPath = Set(operation.path.matches(of: /\{([^}]+)\}/).map { String($0.1) })
            let declared = try document.pathParameters(of: operation)
            #expect(declared == inPath, "\(operation.route): parameters \(declared.sorted()), path names \(inPath.sorted())")
        }
    }

    // MARK: The document itself

    @Test func theDocumentIsOpenAPI31WithUniqueOperationIDsAndResolvingReferences() throws {
        #expect(document.root["openapi"]?.string == "3.1.0")
        #expect(document.root["info"]?["title"]?.string != nil)
        #expect(document.root["info"]?["version"]?.string != nil)
        #expect(document.root["servers"]?.array?.first?["url"]?.string == "http://127.0.0.1:8086")
        let scheme = try #require(document.root["components"]?["securitySchemes"]?["fmk"])
        #expect(scheme["type"]?.string == "http")
        #expect(scheme["scheme"]?.string == "bearer")

        let ids = document.operations.compactMap { $0.body["operationId"]?.string }
        #expect(ids.count == document.operations.count, "an operation has no operationId")
        #expect(Set(ids).count == ids.count, "operationIds repeat: \(ids.sorted())")

        let references = document.root.references()
        #expect(references.count > 20)
        for reference in references {
            do {
                _ = try document.resolve(reference)
            } catch {
                Issue.record("\(reference) does not resolve: \(error)")
            }
        }
    }

    /// `/v1` operations need a key and name the action and roles as the matrix grants them;
    /// the operations routes need none.
    @Test func everyKeyedOperationNamesItsActionAndTheMatrixRoles() throws {
        for operation in document.operations {
            let security = try #require(operation.body["security"]?.array, "\(operation.route) has no security")
            guard operation.path.hasPrefix("/v1/") else {
                #expect(security.isEmpty, "\(operation.route) needs no key")
                #expect(operation.body["x-flowmap-action"] == nil)
                continue
            }
            #expect(security.map { $0["fmk"]?.array?.isEmpty } == [true], "\(operation.route) needs the fmk key")
            let grants = try #require(operation.body["x-flowmap-action"]?.array, "\(operation.route) has no x-flowmap-action")
            #expect(!grants.isEmpty)
            for grant in grants {
                let name = try #require(grant["action"]?.string)
                let parsed = FlowAccess.Action(rawValue: name)
                let action = try #require(parsed, "\(operation.route): no action '\(name)'")
                var expected: [String: String] = [:]
                for role in Role.allCases {
                    switch AccessPolicy.grant(role, action) {
                    case .none: break
                    case .any: expected[role.rawValue] = "any"
                    case .onItsChannels: expected[role.rawValue] = "channels"
                    case .asAssignedAgent: expected[role.rawValue] = "assigned"
                    }
                }
                let documented = (grant["roles"]?.object ?? [:]).compactMapValues(\.string)
                #expect(documented == expected, "\(operation.route) \(name): roles \(documented), the matrix says \(expected)")
            }
        }
        // The events route: each kind the API takes belongs to exactly one action, as EventBody says.
        let events = try #require(document.operations.first { $0.route == "POST /v1/sessions/{id}/events" })
        var actionOfKind: [String: String] = [:]
        for grant in events.body["x-flowmap-action"]?.array ?? [] {
            for kind in grant["kinds"]?.array ?? [] { actionOfKind[kind.string ?? ""] = grant["action"]?.string }
        }
        for kind in EventBody.kinds {
            let body = EventBody(id: "e", kind: kind)
            #expect(actionOfKind[kind] == body.action.rawValue, "kind \(kind)")
        }
        #expect(Set(actionOfKind.keys) == Set(EventBody.kinds))
    }

    // MARK: Error codes

    /// The source has no list of codes (ServiceError takes a string), so they are read from
    /// it: every `ServiceError(status, "code", ...)` and `self.init(status, "code", ...)` in
    /// Sources/FlowService, the fallback body of JSONResponse, and the codes `KeyStore.admit`
    /// answers with (FlowAccess: `code: "..."` arguments and the `var code: String` switches),
    /// which the Doorkeeper passes on. A construction whose code is not a literal fails the
    /// test unless it is the Doorkeeper's pass-through.
    @Test func theErrorCodeEnumIsEveryCodeTheSourceGives() throws {
        let scan = try SourceErrorCodes.scan()
        #expect(scan.nonLiteral.isEmpty, "ServiceError built with a code that is not a literal: \(scan.nonLiteral)")
        let documented = Set(try document.errorCodeEnum())
        #expect(documented.count == (try document.errorCodeEnum()).count, "the enum repeats a code")
        let missing = scan.codes.subtracting(documented).sorted()
        let stale = documented.subtracting(scan.codes).sorted()
        #expect(missing.isEmpty, "codes the source gives that the Error enum lacks: \(missing)")
        #expect(stale.isEmpty, "codes in the Error enum the source never gives: \(stale)")
        // Each is documented as an answer of some operation, and no answer names an unknown one.
        var answered: Set<String> = []
        for operation in document.operations {
            for (status, response) in operation.body["responses"]?.object ?? [:] {
                let codes = try document.errorCodes(ofResponse: response)
                #expect(codes.isSubset(of: documented), "\(operation.route) \(status): \(codes.subtracting(documented))")
                answered.formUnion(codes)
            }
        }
        #expect(answered == documented, "codes no operation answers with: \(documented.subtracting(answered).sorted())")
    }

    // MARK: Real answers

    @Test func realAnswersMatchTheDocumentedSchemas() async throws {
        try await withServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let web = try server.key("web-gateway", .adapter, channels: ["web"]).token
            let auditor = try server.key("auditor-1", .auditor).token
            let sms = try server.key("sms-gateway", .adapter, channels: ["sms"]).token
            var checked = 0
            func check(_ route: String, _ answer: TestServer.Answer, _ status: Int) throws {
                #expect(answer.status == status, "\(route): \(answer.text)")
                let schema = try document.responseSchema(route, status: answer.status)
                let value = try JSONDecoder().decode(OpenAPIValue.self, from: answer.data)
                let faults = try document.faults(of: value, against: schema)
                #expect(faults.isEmpty, "\(route) \(answer.status): \(faults)\n\(answer.text)")
                checked += 1
            }

            let started = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            try check("POST /v1/sessions", started, 201)
            let session = try #require(started.json?["session"] as? String)
            let events = "/v1/sessions/\(session)/events"
            let outcome = try await server.send(
                "POST", events, token: ivr,
                json: ["id": "task-1", "kind": "outcome", "outcome": "ok", "results": ["balance": 56.8, "credit": 100]])
            try check("POST /v1/sessions/{id}/events", outcome, 200)
            let retried = try await server.send(
                "POST", events, token: ivr,
                json: ["id": "task-1", "kind": "outcome", "outcome": "ok", "results": ["balance": 56.8, "credit": 100]])
            try check("POST /v1/sessions/{id}/events", retried, 200)
            try check(
                "POST /v1/sessions/{id}/events",
                try await server.send("POST", events, token: ivr, json: ["id": "dtmf-1", "kind": "input", "text": "3"]), 200)
            try check("GET /v1/sessions/{id}", try await server.send("GET", "/v1/sessions/\(session)", token: auditor), 200)
            try check(
                "POST /v1/sessions/{id}/events",
                try await server.send("POST", events, token: ivr, json: ["id": "handoff-1", "kind": "outcome", "outcome": "handed-off"]),
                200)
            try check("GET /v1/sessions/{id}", try await server.send("GET", "/v1/sessions/\(session)", token: ivr), 200)
            try check("GET /v1/contact-points/{code}", try await server.send("GET", "/v1/contact-points/VG102", token: auditor), 200)
            try check("GET /health", try await server.send("GET", "/health", token: nil), 200)
            try check("GET /ready", try await server.send("GET", "/ready", token: nil), 200)

            // Refusals, one per documented family.
            try check("POST /v1/sessions", try await server.send("POST", "/v1/sessions", token: nil, json: IVRContactTests.start), 401)
            try check("POST /v1/sessions", try await server.send("POST", "/v1/sessions", token: web, json: IVRContactTests.start), 403)
            var noCustomer = IVRContactTests.start
            noCustomer["customer"] = nil
            try check("POST /v1/sessions", try await server.send("POST", "/v1/sessions", token: ivr, json: noCustomer), 400)
            var unknownBusiness = IVRContactTests.start
            unknownBusiness["business"] = "balance-inqiury"
            try check("POST /v1/sessions", try await server.send("POST", "/v1/sessions", token: ivr, json: unknownBusiness), 404)
            var topUpBySMS = IVRContactTests.start
            topUpBySMS["business"] = "top-up"
            topUpBySMS["channel"] = "sms"
            try check("POST /v1/sessions", try await server.send("POST", "/v1/sessions", token: sms, json: topUpBySMS), 422)
            try check(
                "POST /v1/sessions",
                try await server.send("POST", "/v1/sessions", token: ivr, body: Data(repeating: 32, count: 70_000)), 413)
            try check(
                "POST /v1/sessions/{id}/events",
                try await server.send("POST", events, token: ivr, json: ["id": "t", "kind": "timer"]), 400)
            try check(
                "POST /v1/sessions/{id}/events",
                try await server.send("POST", events, token: ivr, json: ["id": "late", "kind": "input", "text": "1"]), 409)
            try check("GET /v1/sessions/{id}", try await server.send("GET", "/v1/sessions/nope", token: ivr), 404)
            try check("GET /v1/contact-points/{code}", try await server.send("GET", "/v1/contact-points/VG999", token: auditor), 404)

            // A second contact, ended by the channel; what it waits on before.
            let second = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let other = try #require(second.json?["session"] as? String)
            try check("GET /v1/sessions/{id}/actions", try await server.send("GET", "/v1/sessions/\(other)/actions", token: ivr), 200)
            try check(
                "POST /v1/sessions/{id}/end",
                try await server.send("POST", "/v1/sessions/\(other)/end", token: ivr, json: ["id": "end-1", "reason": "caller-hung-up"]),
                200)

            // Keys, the audit and QA.
            let admin = try server.key("root", .admin).token
            let qa = try server.key("qa-1", .qa).token
            try check(
                "POST /v1/admin/keys",
                try await server.send("POST", "/v1/admin/keys", token: admin, json: ["owner": "web-1", "role": "adapter", "channels": ["web"]]),
                201)
            try check("GET /v1/admin/keys", try await server.send("GET", "/v1/admin/keys?all=true", token: admin), 200)
            try check("GET /v1/admin/access-log", try await server.send("GET", "/v1/admin/access-log", token: admin), 200)
            try check("GET /v1/admin/keys", try await server.send("GET", "/v1/admin/keys", token: auditor), 403)
            try check("GET /v1/audit/traversals", try await server.send("GET", "/v1/audit/traversals", token: auditor), 200)
            let audited = try await server.send("GET", "/v1/audit/sessions/\(session)", token: auditor)
            try check("GET /v1/audit/sessions/{id}", audited, 200)
            // The month the session started in, in the audit's time zone (its `start`, ISO 8601).
            let month = try #require((audited.json?["start"] as? String)?.prefix(7))
            try check("GET /v1/audit/reports/{month}", try await server.send("GET", "/v1/audit/reports/\(month)", token: auditor), 200)
            try check("GET /v1/audit/reports/{month}", try await server.send("GET", "/v1/audit/reports/2001-01", token: auditor), 404)
            try check("GET /v1/audit/measures", try await server.send("GET", "/v1/audit/measures", token: qa), 200)
            try check(
                "POST /v1/qa/inspections",
                try await server.send("POST", "/v1/qa/inspections", token: qa, json: ["session": session, "verdict": "pass"]), 201)
            try check("GET /v1/qa/inspections", try await server.send("GET", "/v1/qa/inspections", token: auditor), 200)
            try check("GET /v1/qa/campaigns/{name}", try await server.send("GET", "/v1/qa/campaigns/none", token: qa), 404)

            // The flow map, the flow query, lint and publish.
            let designer = try server.key("designer-1", .designer).token
            try check("GET /v1/contact-points", try await server.send("GET", "/v1/contact-points?channel=ivr", token: ivr), 200)
            try check("GET /v1/flows/{id}", try await server.send("GET", "/v1/flows/balance-inquiry.ivr", token: auditor), 200)
            try check("GET /v1/flows/{id}", try await server.send("GET", "/v1/flows/no-such.ivr", token: auditor), 404)
            let shipped = try String(
                contentsOfFile: TestServer.flowsPath + "/balance-inquiry/balance-inquiry.ivr.yaml", encoding: .utf8)
            try check(
                "POST /v1/lint",
                try await server.send("POST", "/v1/lint", token: designer, json: ["path": "balance-inquiry.ivr.yaml", "text": shipped]),
                200)
            let broken = shipped.replacingOccurrences(of: "start: ", with: "start: no-such-state-")
            try check(
                "POST /v1/publish",
                try await server.send("POST", "/v1/publish", token: designer, json: ["path": "balance-inquiry.ivr.yaml", "text": broken]),
                422)
            try check("POST /v1/publish", try await server.send("POST", "/v1/publish", token: ivr, json: ["text": shipped]), 403)
            #expect(checked == 40)

            // The stream of an ended session: its snapshot, then its end; each event's data
            // as `x-flowmap-events` documents it.
            let stream = try await server.send("GET", "/v1/sessions/\(session)/stream", token: ivr)
            #expect(stream.status == 200)
            let eventSchemas = try #require(
                try document.dereferenced(try document.responseMedia("GET /v1/sessions/{id}/stream", status: 200, type: "text/event-stream"))[
                    "x-flowmap-events"]?.object)
            func checkEvents(_ text: String) throws -> [String] {
                var names: [String] = []
                for frame in text.components(separatedBy: "\n\n") where !frame.isEmpty {
                    let lines = frame.split(separator: "\n")
                    let name = lines.first { $0.hasPrefix("event: ") }.map { String($0.dropFirst("event: ".count)) } ?? "message"
                    let data = try #require(lines.first { $0.hasPrefix("data: ") }?.dropFirst("data: ".count), "\(frame)")
                    names.append(name)
                    let schema = try #require(eventSchemas[name], "no schema for event '\(name)'")
                    let value = try JSONDecoder().decode(OpenAPIValue.self, from: Data(data.utf8))
                    let faults = try document.faults(of: value, against: schema)
                    #expect(faults.isEmpty, "stream event \(name): \(faults)\n\(data)")
                }
                return names
            }
            #expect(try checkEvents(stream.text) == ["snapshot", "end"])

            // Reconnecting after record 2: the snapshot, the records after 2 from the log, the end.
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/v1/sessions/\(session)/stream")!)
            request.setValue("Bearer \(ivr)", forHTTPHeaderField: "Authorization")
            request.setValue("2", forHTTPHeaderField: "Last-Event-ID")
            #expect(try checkEvents(try await Self.text(of: request)) == ["snapshot", "step", "end"])
        }
    }

    /// The body of a request sent over real HTTP, as text.
    static func text(of request: URLRequest) async throws -> String {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
            URLSession(configuration: .ephemeral).dataTask(with: request) { data, _, error in
                if let error { return continuation.resume(throwing: error) }
                continuation.resume(returning: String(decoding: data ?? Data(), as: UTF8.self))
            }.resume()
        }
    }
}
