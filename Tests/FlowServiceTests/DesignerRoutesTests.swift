import FlowAccess
import FlowRuntime
import FlowService
import FlowStore
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `POST /v1/lint` and `POST /v1/publish` with the fixtures in Fixtures/designer/:
/// `balance-inquiry.ivr.broken.yaml` (the shipped flow with `next: check-caler-id` on
/// line 39, column 11, and on line 67 an outcome `busy` that a task never raises, reported
/// at its target, column 13) and
/// `balance-inquiry.ivr.v2.yaml` (the shipped flow with a new welcome prompt, label 2026.12).
@Suite struct DesignerRoutesTests {
    static func fixture(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/designer").appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }

    static var shipped: String {
        get throws {
            try String(
                contentsOfFile: TestServer.flowsPath + "/balance-inquiry/balance-inquiry.ivr.yaml", encoding: .utf8)
        }
    }

    @Test func aBrokenFlowIsLintedWithEachErrorAtItsPlace() async throws {
        try await withServer { server in
            let designer = try server.key("designer-1", .designer).token
            let answer = try await server.send(
                "POST", "/v1/lint?path=Flows/balance-inquiry/balance-inquiry.ivr.yaml", token: designer,
                yaml: try Self.fixture("balance-inquiry.ivr.broken.yaml"))
            #expect(answer.status == 200)
            #expect(answer.json?["ok"] as? Bool == false)
            #expect(answer.json?["flow"] as? String == "balance-inquiry.ivr")
            let diagnostics = try #require(answer.json?["diagnostics"] as? [[String: Any]])
            let errors = diagnostics.filter { $0["severity"] as? String == "error" }
            #expect(answer.json?["errors"] as? Int == errors.count)
            let places = errors.map { "\($0["file"] as? String ?? ""):\($0["line"] as? Int ?? 0):\($0["column"] as? Int ?? 0)" }
            #expect(places == [
                "Flows/balance-inquiry/balance-inquiry.ivr.yaml:39:11",
                "Flows/balance-inquiry/balance-inquiry.ivr.yaml:67:13",
            ])
            // As `flowmap lint` says of the same file in a copy of Flows/.
            #expect(errors.map { $0["code"] as? String } == ["FM201", "FM210"])
            #expect(errors.first?["message"] as? String
                == "state 'welcome' next 'check-caler-id' is not a state of this flow; did you mean 'check-caller-id'?")
            #expect(errors.last?["message"] as? String
                == "task state 'lookup-balance' never raises 'busy'; it raises agent-request, failed, flow-timeout, hangup, ok, sla-expired, timeout")
        }
    }

    @Test func aGoodFlowLintsCleanAsYAMLOrJSON() async throws {
        try await withServer { server in
            let designer = try server.key("designer-1", .designer).token
            let yaml = try await server.send("POST", "/v1/lint", token: designer, yaml: try Self.shipped)
            #expect(yaml.status == 200)
            #expect(yaml.json?["ok"] as? Bool == true)
            #expect(yaml.json?["errors"] as? Int == 0)
            let json = try await server.send(
                "POST", "/v1/lint", token: designer,
                json: ["path": "mine.yaml", "text": try Self.fixture("balance-inquiry.ivr.v2.yaml")])
            #expect(json.status == 200)
            #expect(json.json?["ok"] as? Bool == true)

            let adapter = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let refused = try await server.send("POST", "/v1/lint", token: adapter, yaml: try Self.shipped)
            #expect(refused.status == 403)
            #expect(refused.errorCode == "role")
            let anonymous = try await server.send("POST", "/v1/lint", token: nil, yaml: try Self.shipped)
            #expect(anonymous.status == 401)
            let notText = try await server.send("POST", "/v1/lint", token: designer, body: Data([0xff, 0xfe, 0x00]))
            #expect(notText.status == 400)
        }
    }

    @Test func aPublishedVersionServesNewSessionsWhileOlderOnesKeepTheirs() async throws {
        try await withServer { server in
            let designer = try server.key("designer-1", .designer).token
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let oldVersion = FlowVersion.hash(of: Data(try Self.shipped.utf8))
            let v2 = try Self.fixture("balance-inquiry.ivr.v2.yaml")
            let newVersion = FlowVersion.hash(of: Data(v2.utf8))

            let older = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            let olderID = try #require(older.json?["session"] as? String)
            #expect(older.texts() == ["您好，欢迎使用余额查询服务。"])

            let published = try await server.send(
                "POST", "/v1/publish?path=Flows/balance-inquiry/balance-inquiry.ivr.yaml", token: designer, yaml: v2)
            #expect(published.status == 201, "\(published.text)")
            #expect(published.json?["flow"] as? String == "balance-inquiry.ivr")
            #expect(published.json?["version"] as? String == newVersion)
            #expect(published.json?["new"] as? Bool == true)
            #expect(published.json?["status"] as? String == "published")
            // The stored version names the designer's file, not the temporary copy published from.
            let stored = try FlowVersionStore(store: server.host.store).versions(of: "balance-inquiry.ivr")
            #expect(stored.first { $0.version == newVersion }?.path == "Flows/balance-inquiry/balance-inquiry.ivr.yaml")
            #expect(stored.allSatisfy { !$0.path.contains("flowmap-publish-") })

            let newer = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            #expect(newer.status == 201)
            #expect(newer.texts() == ["您好，欢迎使用余额查询服务，本服务已升级。"])
            let newerID = try #require(newer.json?["session"] as? String)
            #expect(try await server.host.engine.session(newerID).current.version == newVersion)
            #expect(try await server.host.engine.session(olderID).current.version == oldVersion)
            // The routes know the new version at once: the session reads, its number masked.
            let shown = try await server.send("GET", "/v1/sessions/\(newerID)", token: ivr)
            #expect(shown.status == 200, "\(shown.text)")
            #expect(shown.json?["version"] as? String == newVersion)
            #expect((shown.json?["variables"] as? [String: Any])?["msisdn"] as? String == "***")

            // The older session goes on in its own version.
            let step = try await server.send(
                "POST", "/v1/sessions/\(olderID)/events", token: ivr,
                json: ["id": "task-1", "kind": "outcome", "outcome": "ok", "results": ["balance": 56.8, "credit": 100]])
            #expect(step.status == 200)
            #expect(step.state == "read-balance")
            #expect(try await server.host.store.log(session: olderID).allSatisfy { $0.version == oldVersion })

            // The flow query shows both versions, the new one current.
            let query = try await server.send("GET", "/v1/flows/balance-inquiry.ivr", token: designer)
            let versions = try #require(query.json?["versions"] as? [[String: Any]])
            #expect(versions.map { $0["version"] as? String } == [oldVersion, newVersion])
            #expect(versions.map { $0["current"] as? Bool } == [false, true])
            #expect(query.json?["label"] as? String == "2026.12")

            // Publishing the same content again is a no-op.
            let again = try await server.send("POST", "/v1/publish", token: designer, json: ["text": v2])
            #expect(again.status == 200)
            #expect(again.json?["new"] as? Bool == false)
            #expect(again.json?["status"] as? String == "unchanged")
            #expect(again.json?["version"] as? String == newVersion)
            let after = try await server.send("GET", "/v1/flows/balance-inquiry.ivr", token: designer)
            #expect((after.json?["versions"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test func aFlowWithErrorsIsNotPublished() async throws {
        try await withServer { server in
            let designer = try server.key("designer-1", .designer).token
            let refused = try await server.send(
                "POST", "/v1/publish", token: designer, yaml: try Self.fixture("balance-inquiry.ivr.broken.yaml"))
            #expect(refused.status == 422)
            #expect(refused.errorCode == "lint-errors")
            let diagnostics = try #require(refused.json?["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.filter { $0["severity"] as? String == "error" }.map { $0["line"] as? Int } == [39, 67])
            let query = try await server.send("GET", "/v1/flows/balance-inquiry.ivr", token: designer)
            #expect((query.json?["versions"] as? [[String: Any]])?.count == 1)

            let adapter = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let forbidden = try await server.send(
                "POST", "/v1/publish", token: adapter, yaml: try Self.fixture("balance-inquiry.ivr.v2.yaml"))
            #expect(forbidden.status == 403)
            #expect(forbidden.errorCode == "role")
            let still = try await server.send("GET", "/v1/flows/balance-inquiry.ivr", token: designer)
            #expect((still.json?["versions"] as? [[String: Any]])?.count == 1)
        }
    }
}

extension TestServer {
    /// A POST whose body is a flow's YAML.
    func send(_ method: String, _ path: String, token: String?, yaml: String) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.setValue("application/yaml", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(yaml.utf8)
        let (data, response) = try await session.answer(request)
        return Answer(status: response.statusCode, data: data)
    }
}
