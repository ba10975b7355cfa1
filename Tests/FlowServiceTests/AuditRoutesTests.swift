import FlowAccess
import FlowAudit
import FlowConformance
import FlowService
import FlowmapTestSupport
import Foundation
import Logging
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The audit routes over real HTTP, on a store holding real traffic: 300 contacts that
/// `flowmap simulate` (the real binary, seed 7) drove through the real engine over the
/// shipped flows, from 2026-11-02 over three days. Every expectation is what FlowAudit
/// computes directly on the same store, or what `flowmap audit` prints for it.
@Suite struct AuditRoutesTests {
    // MARK: Traversals

    @Test func traversalsPageThroughEveryFinishedSessionInTheOrderTheyEnded() async throws {
        try await withAuditServer { server in
            let qa = try server.key("qa-lead", .qa)
            var listed: [[String: Any]] = []
            var cursor: String?
            var pages = 0
            repeat {
                let answer = try await server.get("/v1/audit/traversals?limit=40" + (cursor.map { "&cursor=\($0)" } ?? ""), token: qa)
                #expect(answer.status == 200)
                let page = try #require(answer.json?["traversals"] as? [[String: Any]])
                #expect(answer.json?["limit"] as? Int == 40)
                cursor = answer.json?["next"] as? String
                #expect(page.count == (cursor == nil ? page.count : 40))
                listed += page
                pages += 1
            } while cursor != nil && pages < 100

            let expected = try server.directLines(Selection())
            #expect(expected.count > 250)
            #expect(listed.count == expected.count)
            #expect(pages == (expected.count + 39) / 40)
            #expect(listed.compactMap { $0["session"] as? String } == expected.map(\.session))
            let first = try #require(listed.first)
            #expect(first["flow"] as? String == expected[0].flow)
            #expect(first["outcome"] as? String == expected[0].outcome)
            #expect(first["conformsOnTrajectory"] as? Bool == expected[0].conformsOnTrajectory)
            #expect(first["deviations"] as? [String] == expected[0].deviations)
        }
    }

    @Test func traversalsTakeTheSelectionOfTheCLI() async throws {
        try await withAuditServer { server in
            let auditor = try server.key("auditor-1", .auditor)
            var selection = Selection()
            selection.channels = ["ivr"]
            selection.outcomes = [.resolved]
            selection.restrict(to: try Selection.Period("2026-11-03"))
            let expected = try server.directLines(selection)
            #expect(!expected.isEmpty)

            let answer = try await server.get(
                "/v1/audit/traversals?channel=ivr&outcome=resolved&period=2026-11-03&limit=1000", token: auditor)
            #expect(answer.status == 200)
            let lines = try #require(answer.json?["traversals"] as? [[String: Any]])
            #expect(lines.compactMap { $0["session"] as? String } == expected.map(\.session))
            #expect(lines.allSatisfy { ($0["flow"] as? String)?.hasSuffix(".ivr") == true && $0["outcome"] as? String == "resolved" })
            #expect(answer.json?["next"] == nil)

            // The same selection as from/to, a list comma-separated.
            let again = try await server.get(
                "/v1/audit/traversals?channel=ivr,sms&channel=web&from=2026-11-03&to=2026-11-03&outcome=resolved&limit=1000",
                token: auditor)
            var wider = selection
            wider.channels = ["ivr", "sms", "web"]
            #expect((again.json?["traversals"] as? [[String: Any]])?.compactMap { $0["session"] as? String }
                == (try server.directLines(wider)).map(\.session))
        }
    }

    // MARK: One session

    @Test func aSessionsPathIsTheCLIsWithItsCustomerMaskedUnlessPIIReader() async throws {
        try await withAuditServer { server in
            let qa = try server.key("qa-lead", .qa)
            let reader = try server.key("auditor-pii", .auditor, piiReader: true)
            // A session with a deviation: the path locates it.
            var selection = Selection()
            selection.deviationTypes = [.override]
            let line = try #require(try server.directLines(selection).first)

            let answer = try await server.get("/v1/audit/sessions/\(line.session)", token: qa)
            #expect(answer.status == 200)
            let path = try JSONDecoder().decode(SessionPath.self, from: answer.data)
            let (store, audit) = try server.audit()
            let (trace, finished) = try #require(try LogScanner.session(id: line.session, store: store, audit: audit))
            #expect(path == SessionPath(trace: trace, finished: finished, audit: audit))
            #expect(path.finished)
            #expect(path.records.contains { $0.deviations.contains { $0.hasPrefix("override") } })
            #expect(answer.json?["customer"] as? String == "***")

            let clear = try await server.get("/v1/audit/sessions/\(line.session)", token: reader)
            let customer = try #require(clear.json?["customer"] as? String)
            #expect(customer.count == 11 && customer.hasPrefix("13") && customer.allSatisfy(\.isNumber))

            let unknown = try await server.get("/v1/audit/sessions/no-such-session", token: qa)
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "unknown-session")
        }
    }

    // MARK: Measures

    @Test func measuresAgreeWithWhatFlowAuditComputesDirectly() async throws {
        try await withAuditServer { server in
            let auditor = try server.key("auditor-1", .auditor)
            let answer = try await server.get("/v1/audit/measures?by=day&minSessions=5&examples=3", token: auditor)
            #expect(answer.status == 200)
            let figures = try JSONDecoder().decode(MeasureFigures.self, from: answer.data)

            let (store, audit) = try server.audit()
            let result = try AuditMeasurement(
                store: store, audit: audit, selection: try Selection().resolved(in: audit), exampleLimit: 3
            ).run()
            let direct = MeasureFigures(result, period: .day, minSessions: 5)
            #expect(figures.trajectory == direct.trajectory)
            #expect(figures.organisation == direct.organisation)
            #expect(figures.compliance == direct.compliance)
            #expect(figures.variants == direct.variants)
            #expect(figures.stateTimes == direct.stateTimes)
            #expect(figures.deviationExamples == direct.deviationExamples)
            #expect(figures.scan.measuredSessions == result.measuredSessions)
            #expect(figures.compliance.period == .day)
            #expect(figures.compliance.byPeriod.map(\.key) == ["2026-11-02", "2026-11-03", "2026-11-04"])
            // No QA store yet: no field-use figures.
            #expect(figures.fieldUse.qaStore == false)

            // A selection narrows them the same way.
            let phone = try await server.get("/v1/audit/measures?channel=phone", token: auditor)
            var selection = Selection()
            selection.channels = ["phone"]
            let narrowed = MeasureFigures(
                try AuditMeasurement(store: store, audit: audit, selection: try selection.resolved(in: audit), exampleLimit: 10).run())
            #expect(try JSONDecoder().decode(MeasureFigures.self, from: phone.data).compliance == narrowed.compliance)
        }
    }

    // MARK: The monthly report

    @Test func theMonthlyReportIsTheFiguresOfFlowAuditsReport() async throws {
        try await withAuditServer { server in
            let qa = try server.key("qa-lead", .qa)
            let answer = try await server.get("/v1/audit/reports/2026-11?minSessions=5", token: qa)
            #expect(answer.status == 200)
            #expect(answer.contentType?.hasPrefix("application/json") == true)
            let figures = try JSONDecoder().decode(ReportFigures.self, from: answer.data)

            let (store, audit) = try server.audit()
            var selection = Selection()
            selection.restrict(to: try Selection.Period("2026-11"))
            let result = try AuditMeasurement(store: store, audit: audit, selection: try selection.resolved(in: audit)).run()
            let direct = MonthlyReport(
                month: Month(year: 2026, month: 11), timeZone: audit.timeZone, flowMap: audit.flowMap, catalog: audit.catalog,
                tally: result.tally, examples: result.findings, minSessions: 5
            ).figures()
            #expect(figures.month == "2026-11")
            #expect(figures.timeZone == "Asia/Shanghai")
            #expect(figures.headline == direct.headline)
            #expect(figures.contactPoints == direct.contactPoints)
            #expect(figures.days == direct.days)
            #expect(figures.headline.measures.sessions == result.measuredSessions)

            let page = try await server.get("/v1/audit/reports/2026-11?format=html", token: qa)
            #expect(page.status == 200)
            #expect(page.contentType?.hasPrefix("text/html") == true)
            #expect(page.text.contains("<html"))
            #expect(page.text.contains("2026-11"))
        }
    }

    // MARK: Exports

    @Test func exportsAreTheCLIsBytesWithTheirContentTypes() async throws {
        try await withAuditServer { server in
            let auditor = try server.key("auditor-1", .auditor)
            for (format, type) in [
                ("xes", "application/xml"), ("csv", "text/csv"), ("json", "application/x-ndjson"), ("ocel", "application/json"),
            ] {
                let answer = try await server.get("/v1/audit/export?format=\(format)&channel=phone", token: auditor)
                #expect(answer.status == 200, "\(format)")
                #expect(answer.contentType?.hasPrefix(type) == true, "\(format): \(answer.contentType ?? "-")")
                let cli = try await FlowmapBinary.run([
                    "audit", "export", "--format", format, "--channel", "phone", "--store", server.storePath,
                ])
                #expect(cli.status == 0, "\(cli.stderr)")
                let expected = Data(cli.stdout.utf8)
                #expect(expected.count > 100_000, "\(format)")
                if format == "ocel" {
                    // The OCEL writer's objects keep no key order: the same JSON, not the same bytes.
                    let served = try JSONSerialization.jsonObject(with: answer.data) as? NSDictionary
                    let printed = try JSONSerialization.jsonObject(with: expected) as? NSDictionary
                    #expect(served != nil && served == printed)
                } else {
                    // A Bool: a failing comparison of two large Data values would be diffed for ever.
                    let same = answer.data == expected
                    #expect(same, "\(format): \(answer.data.count) bytes served, \(expected.count) printed")
                }
            }

            // XES parses as XML, one trace per segment of the flow chosen.
            let xes = try await server.get("/v1/audit/export?format=xes&flow=bill-inquiry.ivr", token: auditor)
            let traces = TagCounter(tag: "trace")
            let parser = XMLParser(data: xes.data)
            parser.delegate = traces
            #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
            #expect(traces.count > 0)
            #expect(xes.text.hasPrefix("<?xml"))

            // CSV: the header, then one row per record of the selected sessions.
            let csv = try await server.get("/v1/audit/export?format=csv&period=2026-11-02", token: auditor)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("session,sequence,") == true)
            #expect(lines.count > 1)
        }
    }

    // MARK: Live traffic

    @Test func aContactDrivenThroughTheServiceIsAuditedOnceItEnds() async throws {
        try await withAuditServer { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"])
            let qa = try server.key("qa-lead", .qa)
            let before = try server.directLines(Selection()).count
            // The shipped balance inquiry, started over HTTP; the caller hangs up. (Under load
            // its 6-second task timer may end it first: then the hang-up is refused, 409.)
            let started = try await server.post("/v1/sessions", token: ivr, json: [
                "business": "balance-inquiry", "channel": "ivr", "brand": "gotone", "environment": "own-network",
                "customer": "13800138000", "variables": ["msisdn": "13800138000"], "session": "live-1",
            ])
            #expect(started.status == 201)
            let hungUp = try await server.post("/v1/sessions/live-1/events", token: ivr, json: ["id": "hangup-1", "kind": "hangup"])
            #expect(hungUp.status == 200 || hungUp.errorCode == "event-refused", "\(hungUp.text)")
            let shown = try await server.get("/v1/audit/sessions/live-1", token: qa)
            #expect(shown.status == 200)
            #expect(shown.json?["finished"] as? Bool == true)
            #expect(shown.json?["flow"] as? String == "balance-inquiry.ivr")
            #expect(shown.json?["customer"] as? String == "***")

            let listed = try await server.get("/v1/audit/traversals?flow=balance-inquiry.ivr&limit=1000", token: qa)
            let sessions = (listed.json?["traversals"] as? [[String: Any]] ?? []).compactMap { $0["session"] as? String }
            #expect(sessions.last == "live-1")
            #expect(try server.directLines(Selection()).count == before + 1)
        }
    }

    // MARK: Bad input

    @Test func badInputGetsA4xxWithAStableCode() async throws {
        try await withAuditServer { server in
            let qa = try server.key("qa-lead", .qa)
            let cases: [(path: String, status: Int, code: String, field: String?)] = [
                ("/v1/audit/traversals?limit=0", 400, "bad-limit", "limit"),
                ("/v1/audit/traversals?limit=1001", 400, "bad-limit", "limit"),
                ("/v1/audit/traversals?limit=ten", 400, "bad-limit", "limit"),
                ("/v1/audit/traversals?cursor=not-a-cursor", 400, "bad-cursor", "cursor"),
                ("/v1/audit/traversals?from=2026-02-30", 400, "bad-date", "from"),
                ("/v1/audit/traversals?to=2026-11", 400, "bad-date", "to"),
                ("/v1/audit/traversals?from=2026-11-04&to=2026-11-02", 400, "bad-date", "from"),
                ("/v1/audit/measures?period=2026-W60", 400, "bad-period", "period"),
                ("/v1/audit/measures?by=year", 400, "bad-value", "by"),
                ("/v1/audit/measures?outcome=happy", 400, "bad-value", "outcome"),
                ("/v1/audit/measures?deviation=typo", 400, "bad-value", "deviation"),
                ("/v1/audit/measures?flow=no-such.flow", 400, "unknown-name", "flow"),
                ("/v1/audit/measures?channel=fax", 400, "unknown-name", "channel"),
                ("/v1/audit/sessions/nobody", 404, "unknown-session", nil),
                ("/v1/audit/reports/2026-13", 400, "bad-month", "month"),
                ("/v1/audit/reports/november", 400, "bad-month", "month"),
                ("/v1/audit/reports/2025-11", 404, "unknown-month", "month"),
                ("/v1/audit/reports/2026-11?format=pdf", 400, "unknown-format", "format"),
                ("/v1/audit/export", 400, "unknown-format", "format"),
                ("/v1/audit/export?format=pdf", 400, "unknown-format", "format"),
                ("/v1/audit/export?format=xes&version=ffffffff", 400, "unknown-name", "version"),
            ]
            for (path, status, code, field) in cases {
                let answer = try await server.get(path, token: qa)
                #expect(answer.status == status, "\(path)")
                #expect(answer.errorCode == code, "\(path): \(answer.text)")
                #expect(answer.errorField == field, "\(path)")
            }
            // A cursor of another selection names no session of this one.
            let page = try await server.get("/v1/audit/traversals?channel=ivr&limit=1", token: qa)
            let cursor = try #require(page.json?["next"] as? String)
            let other = try await server.get("/v1/audit/traversals?channel=phone&cursor=\(cursor)", token: qa)
            #expect(other.errorCode == "bad-cursor")
            // The token before anything: no key, no word on the parameters.
            let anonymous = try await server.get("/v1/audit/traversals?limit=0", token: nil)
            #expect(anonymous.status == 401)
            #expect(anonymous.errorCode == "no-token")
        }
    }

    // MARK: Who may

    @Test func onlyQAAndAuditorsReadTheAudit() async throws {
        try await withAuditServer { server in
            let session = try #require(try server.directLines(Selection()).first).session
            let routes = [
                "/v1/audit/traversals", "/v1/audit/sessions/\(session)", "/v1/audit/measures", "/v1/audit/reports/2026-11",
                "/v1/audit/export?format=csv&period=2026-11-02",
            ]
            let refused = [
                try server.key("designer-1", .designer), try server.key("ivr-gateway", .adapter, channels: ["ivr"]),
                try server.key("agent-7", .agent, agent: "A007"), try server.key("root", .admin),
            ]
            for route in routes {
                for token in refused {
                    let answer = try await server.get(route, token: token)
                    #expect(answer.status == 403, "\(route)")
                    #expect(answer.errorCode == "role", "\(route)")
                }
                let anonymous = try await server.get(route, token: nil)
                #expect(anonymous.status == 401, "\(route)")
                for token in [try server.key("qa-lead", .qa), try server.key("auditor-1", .auditor)] {
                    let answer = try await server.get(route, token: token)
                    #expect(answer.status == 200, "\(route): \(answer.text.prefix(200))")
                }
            }
        }
    }
}

/// Counts one element's occurrences while an XMLParser reads.
final class TagCounter: NSObject, XMLParserDelegate, @unchecked Sendable {
    let tag: String
    var count = 0
    init(tag: String) { self.tag = tag }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if elementName == tag { count += 1 }
    }
}

// MARK: - A server over simulated traffic

/// A simulated store, made once per test run by the real `flowmap simulate`; each server
/// gets a copy of it.
/// A store `flowmap simulate` made, shared by the audit route tests of the process.
struct SimulatedStore: Sendable {
    /// 300 contacts: what most audit route tests read.
    static let shared = SimulatedStore(contacts: 300, seed: 7)
    /// 4,000 contacts (some 40,000 records): an export of a few seconds, pages deep enough.
    static let large = SimulatedStore(contacts: 4_000, seed: 11)
    private let made: MadeOnce<String>

    init(contacts: Int, seed: Int) {
        made = MadeOnce {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowservice-audit-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("simulated.sqlite").path
            let run = try await FlowmapBinary.run([
                "simulate", "--library", TestServer.flowsPath, "--store", path, "--contacts", String(contacts), "--seed",
                String(seed), "--start", "2026-11-02", "--days", "3", "--quiet",
            ])
            guard run.status == 0 else { throw SimulationFailed(stderr: run.stderr) }
            return path
        }
    }

    /// The store's path; the first call makes it.
    func path() async throws -> String { try await made.value() }

    struct SimulationFailed: Error { var stderr: String }
}

/// A real `flowmap serve` over a copy of the simulated store, on 127.0.0.1.
final class AuditServer: Sendable {
    let directory: URL
    let storePath: String
    let host: ServiceHost
    let port: Int
    private let task: Task<Void, any Error>
    /// Its own connections (see `TestServer.session`).
    private let session = URLSession.loopback(timeout: 120)

    /// - Parameters:
    ///   - simulated: the store to copy; the 300 contacts of `SimulatedStore` unless told.
    ///   - exportAhead: how far an export may run ahead of its client (the service's default unless told).
    init(simulated given: String? = nil, exportAhead: Int? = nil) async throws {
        let simulated: String
        if let given { simulated = given } else { simulated = try await SimulatedStore.shared.path() }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("flowservice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        storePath = directory.appendingPathComponent("flowmap.sqlite").path
        try FileManager.default.copyItem(atPath: simulated, toPath: storePath)
        host = try ServiceHost.open(library: TestServer.flowsPath, store: storePath)
        var logger = Logger(label: "flowmap.serve.test")
        logger.logLevel = .critical
        var app = ServiceApp(host: host, hostname: "127.0.0.1", port: 0, logger: logger)
        if let exportAhead { app.exportAhead = exportAhead }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        task = Task { try await app.run(handlingSignals: false) { port in continuation.yield(port) } }
        var bound = 0
        for await port in ports {
            bound = port
            break
        }
        port = bound
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
        host.close()
        session.finishTasksAndInvalidate()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A new key's token.
    func key(_ owner: String, _ role: Role, channels: [String] = [], agent: String? = nil, piiReader: Bool = false) throws
        -> String
    {
        try host.keys.create(
            owner: owner, role: role, scope: KeyScope(channels: channels, agent: agent, piiReader: piiReader), by: "test-admin",
            at: Date()
        ).token.text
    }

    /// The store as FlowAudit opens it, read-only.
    func audit() throws -> (AuditStore, AuditCatalog) {
        let store = try AuditStore(path: storePath)
        return (store, try AuditCatalog(store: store))
    }

    /// What `flowmap audit traversals` lists for a selection, computed directly.
    func directLines(_ selection: Selection) throws -> [TraversalLine] {
        let (store, audit) = try audit()
        let formatter = TraversalLine.formatter(timeZone: audit.timeZone)
        var lines: [TraversalLine] = []
        _ = try AuditMeasurement(store: store, audit: audit, selection: try selection.resolved(in: audit)).run { trace, verdict in
            lines.append(TraversalLine(trace: trace, verdict: verdict, audit: audit, formatter: formatter))
            return true
        }
        return lines
    }

    struct Answer {
        var status: Int
        var data: Data
        var contentType: String?
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] }
        var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
        var errorField: String? { (json?["error"] as? [String: Any])?["field"] as? String }
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    func get(_ path: String, token: String?) async throws -> Answer {
        try await send("GET", path, token: token, body: nil)
    }

    func post(_ path: String, token: String?, json: [String: Any]) async throws -> Answer {
        try await send("POST", path, token: token, body: try JSONSerialization.data(withJSONObject: json))
    }

    func send(_ method: String, _ path: String, token: String?, body: Data?) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.answer(request)
        return Answer(status: response.statusCode, data: data, contentType: response.value(forHTTPHeaderField: "Content-Type"))
    }
}

/// Runs `body` with a fresh server over the simulated traffic, stopping it after.
func withAuditServer(_ body: (AuditServer) async throws -> Void) async throws {
    let server = try await AuditServer()
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}
