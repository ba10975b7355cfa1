import FlowAccess
import FlowAudit
import FlowConformance
import FlowService
import FlowmapTestSupport
import Foundation
import Testing

/// Sampling campaigns and inspections over real HTTP, on the simulated store of
/// AuditRoutesTests (300 contacts, seed 7), in the QA store beside it.
@Suite struct QARoutesTests {
    static var november3: [String: Any] { [
        "campaign": "nov-a", "seed": 42, "by": "contact-point", "size": 2, "selection": ["period": "2026-11-03"],
    ] }

    // MARK: Campaigns

    @Test func aCampaignIsReproducibleFromItsSeedAndNeverDrawsASessionTwice() async throws {
        try await withAuditServer { server in
            let qa = try server.key("qa-lead", .qa)
            let first = try await server.post("/v1/qa/campaigns", token: qa, json: Self.november3)
            #expect(first.status == 201, "\(first.text)")
            let drawn = try Self.drawn(first)
            #expect(first.json?["drawnBy"] as? String == "qa-lead")
            #expect(first.json?["selection"] as? String == "--period 2026-11-03")

            // What FlowAudit's sampler draws from the same frame.
            let (store, audit) = try server.audit()
            var selection = Selection()
            selection.restrict(to: try Selection.Period("2026-11-03"))
            let frame = try SamplingFrame(
                scanner: LogScanner(store: store, audit: audit, selection: try selection.resolved(in: audit)), strata: .contactPoint)
            #expect(drawn == Sampler.draw(from: frame.candidates, seed: 42, size: 2, alreadyDrawn: []))
            #expect(first.json?["candidates"] as? Int == frame.candidates.count)
            let strata = Set(frame.candidates.map(\.stratum))
            #expect(first.json?["strata"] as? Int == strata.count)
            #expect(drawn.count == strata.map { stratum in min(2, frame.candidates.filter { $0.stratum == stratum }.count) }.reduce(0, +))

            // As an auditor recomputes it: within a stratum, the smallest SHA-256 of "42:<session>".
            let stratum = try #require(strata.sorted().first { s in frame.candidates.filter { $0.stratum == s }.count >= 5 })
            var keyed: [(session: String, key: String)] = []
            for session in frame.candidates.filter({ $0.stratum == stratum }).map(\.session) {
                keyed.append((session, try await Self.sha256sum("42:\(session)")))
            }
            let ordered = keyed.sorted { $0.key < $1.key }.map(\.session)
            #expect(drawn.filter { $0.stratum == stratum }.map(\.session) == Array(ordered.prefix(2)))

            // Another campaign with the same seed and selection draws the same sessions.
            var again = Self.november3
            again["campaign"] = "nov-b"
            let second = try await server.post("/v1/qa/campaigns", token: qa, json: again)
            #expect(try Self.drawn(second) == drawn)

            // Drawing again into the first campaign takes the next ones of each stratum, never the same.
            var more = Self.november3
            more["size"] = 3
            let third = try await server.post("/v1/qa/campaigns", token: qa, json: more)
            #expect(third.status == 201)
            let added = try Self.drawn(third)
            #expect(Set(added.map(\.session)).isDisjoint(with: drawn.map(\.session)))
            #expect(added.filter { $0.stratum == stratum }.map(\.session) == Array(ordered.dropFirst(2).prefix(3)))
            #expect(added.filter { $0.stratum == stratum }.map(\.rank) == [3, 4, 5])

            // A campaign keeps its seed.
            var otherSeed = Self.november3
            otherSeed["seed"] = 43
            let refused = try await server.post("/v1/qa/campaigns", token: qa, json: otherSeed)
            #expect(refused.status == 409)
            #expect(refused.errorCode == "seed-mismatch")

            let shown = try await server.get("/v1/qa/campaigns/nov-a", token: qa)
            #expect(shown.status == 200)
            #expect(shown.json?["seed"] as? Int == 42)
            #expect(shown.json?["createdBy"] as? String == "qa-lead")
            #expect((shown.json?["draws"] as? [[String: Any]])?.count == 2)
            let samples = try #require(shown.json?["samples"] as? [[String: Any]])
            #expect(Set(samples.compactMap { $0["session"] as? String }) == Set((drawn + added).map(\.session)))
            #expect(shown.json?["pending"] as? Int == samples.count)

            let unknown = try await server.get("/v1/qa/campaigns/no-such", token: qa)
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "unknown-campaign")
        }
    }

    @Test func aDrawByAgentLeavesOutSessionsNoPersonHandled() async throws {
        try await withAuditServer { server in
            let qa = try server.key("qa-lead", .qa)
            let answer = try await server.post(
                "/v1/qa/campaigns", token: qa,
                json: ["campaign": "agents", "seed": 5, "by": "agent", "size": 1, "selection": ["channel": ["phone", "ivr"]]])
            #expect(answer.status == 201, "\(answer.text)")
            let (store, audit) = try server.audit()
            var selection = Selection()
            selection.channels = ["phone", "ivr"]
            let frame = try SamplingFrame(
                scanner: LogScanner(store: store, audit: audit, selection: try selection.resolved(in: audit)), strata: .agent)
            #expect(frame.withoutStratum > 0)
            #expect(answer.json?["withoutStratum"] as? Int == frame.withoutStratum)
            #expect(try Self.drawn(answer) == Sampler.draw(from: frame.candidates, seed: 5, size: 1, alreadyDrawn: []))
            #expect(answer.json?["selection"] as? String == "--channel phone --channel ivr")
        }
    }

    @Test func aBadDrawIsRefusedAndWritesNothing() async throws {
        try await withAuditServer { server in
            let qa = try server.key("qa-lead", .qa)
            let cases: [(body: [String: Any], status: Int, code: String, field: String?)] = [
                (["campaign": "x", "seed": 1, "by": "team", "size": 1], 400, "bad-value", "by"),
                (["campaign": "x", "seed": 1, "by": "agent", "size": 0], 400, "bad-value", "size"),
                (["campaign": "", "seed": 1, "by": "agent", "size": 1], 400, "bad-value", "campaign"),
                (["campaign": "x", "by": "agent", "size": 1], 400, "missing-field", "seed"),
                (["campaign": "x", "seed": "one", "by": "agent", "size": 1], 400, "wrong-type", "seed"),
                (["campaign": "x", "seed": 1, "by": "agent", "size": 1, "selection": ["period": "2026-13"]], 400, "bad-period", "period"),
                (["campaign": "x", "seed": 1, "by": "agent", "size": 1, "selection": ["team": "a"]], 400, "wrong-type", "selection.team"),
                (["campaign": "x", "seed": 1, "by": "agent", "size": 1, "selection": ["flow": "nope"]], 400, "unknown-name", "flow"),
            ]
            for (body, status, code, field) in cases {
                let answer = try await server.post("/v1/qa/campaigns", token: qa, json: body)
                #expect(answer.status == status, "\(body)")
                #expect(answer.errorCode == code, "\(body): \(answer.text)")
                #expect(answer.errorField == field, "\(body)")
            }
            let none = try await server.get("/v1/qa/campaigns/x", token: qa)
            #expect(none.errorCode == "unknown-campaign")
        }
    }

    // MARK: Inspections

    @Test func anInspectionIsEnteredThenSupersededNeverEdited() async throws {
        try await withAuditServer { server in
            let qa = try server.key("qa-lead", .qa)
            let lines = try server.directLines(Selection())
            let session = lines[0].session
            let other = lines[1].session

            let failed = try await server.post(
                "/v1/qa/inspections", token: qa,
                json: ["session": session, "verdict": "fail", "reason": "no-callback-offered", "note": "no callback"])
            #expect(failed.status == 201, "\(failed.text)")
            #expect(failed.json?["inspector"] as? String == "qa-lead")
            #expect(failed.json?["verdict"] as? String == "fail")
            #expect(failed.json?["current"] as? Bool == true)
            let firstID = try #require(failed.json?["id"] as? Int)

            // The inspector is who holds the key, never a name in the body.
            let named = try await server.post(
                "/v1/qa/inspections", token: qa, json: ["session": session, "verdict": "pass", "inspector": "someone-else"])
            #expect(named.status == 400)
            #expect(named.errorCode == "unexpected-field")
            #expect(named.errorField == "inspector")

            let corrected = try await server.post(
                "/v1/qa/inspections", token: qa,
                json: ["session": session, "verdict": "pass", "supersedes": firstID, "note": "callback offered at 01:05"])
            #expect(corrected.status == 201, "\(corrected.text)")
            let secondID = try #require(corrected.json?["id"] as? Int)
            #expect(corrected.json?["supersedes"] as? Int == firstID)

            let listed = try await server.get("/v1/qa/inspections?session=\(session)", token: qa)
            #expect(listed.status == 200)
            let inspections = try #require(listed.json?["inspections"] as? [[String: Any]])
            #expect(inspections.count == 2)
            #expect(inspections[0]["id"] as? Int == firstID)
            #expect(inspections[0]["verdict"] as? String == "fail")
            #expect(inspections[0]["reason"] as? String == "no-callback-offered")
            #expect(inspections[0]["supersededBy"] as? Int == secondID)
            #expect(inspections[0]["current"] as? Bool == false)
            #expect(inspections[1]["id"] as? Int == secondID)
            #expect(inspections[1]["current"] as? Bool == true)
            let current = try await server.get("/v1/qa/inspections?session=\(session)&current=true", token: qa)
            #expect((current.json?["inspections"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [secondID])

            // A correction is made once; the refusals write nothing.
            let cases: [(body: [String: Any], status: Int, code: String, field: String?)] = [
                (["session": session, "verdict": "fail", "reason": "x", "supersedes": firstID], 409, "already-superseded", "supersedes"),
                (["session": other, "verdict": "pass", "supersedes": secondID], 409, "supersede-mismatch", "supersedes"),
                (["session": session, "verdict": "pass", "step": 1, "supersedes": secondID], 409, "supersede-mismatch", "supersedes"),
                (["session": session, "verdict": "pass", "supersedes": 999], 404, "unknown-inspection", "supersedes"),
                (["session": session, "verdict": "fail"], 400, "missing-field", "reason"),
                (["session": session, "verdict": "maybe"], 400, "bad-value", "verdict"),
                (["session": session, "verdict": "pass", "step": 0], 400, "bad-value", "step"),
                (["session": session, "verdict": "pass", "step": 999], 422, "unknown-step", "step"),
                (["session": "no-such-session", "verdict": "pass"], 404, "unknown-session", nil),
                (["verdict": "pass"], 400, "missing-field", "session"),
            ]
            for (body, status, code, field) in cases {
                let answer = try await server.post("/v1/qa/inspections", token: qa, json: body)
                #expect(answer.status == status, "\(body)")
                #expect(answer.errorCode == code, "\(body): \(answer.text)")
                #expect(answer.errorField == field, "\(body)")
            }
            let all = try await server.get("/v1/qa/inspections", token: qa)
            #expect((all.json?["inspections"] as? [[String: Any]])?.count == 2)

            // A step-level verdict never sets the session's.
            let step = try await server.post("/v1/qa/inspections", token: qa, json: ["session": session, "verdict": "fail", "step": 2, "reason": "r"])
            #expect(step.status == 201)
            #expect(step.json?["current"] as? Bool == false)

            // The current verdict reaches the audit: field use and the session's path.
            let measures = try await server.get("/v1/audit/measures", token: qa)
            let fieldUse = try JSONDecoder().decode(MeasureFigures.self, from: measures.data).fieldUse
            #expect(fieldUse.qaStore)
            #expect(fieldUse.passed.part == 1)
            #expect(fieldUse.passed.whole == 1)
            let path = try await server.get("/v1/audit/sessions/\(session)", token: qa)
            #expect(path.json?["inspection"] as? String == "pass")
        }
    }

    // MARK: Who may

    @Test func onlyQADrawsAndInspectsAndAuditorsOnlyRead() async throws {
        try await withAuditServer { server in
            let qa = try server.key("qa-lead", .qa)
            let auditor = try server.key("auditor-1", .auditor)
            let session = try #require(try server.directLines(Selection()).first).session
            let draw: [String: Any] = ["campaign": "c", "seed": 1, "by": "contact-point", "size": 1]
            let inspect: [String: Any] = ["session": session, "verdict": "pass"]

            let others = [
                try server.key("designer-1", .designer), try server.key("ivr-gateway", .adapter, channels: ["ivr"]),
                try server.key("agent-7", .agent, agent: "A007"), try server.key("root", .admin),
            ]
            for token in others + [auditor] {
                let drew = try await server.post("/v1/qa/campaigns", token: token, json: draw)
                #expect(drew.status == 403)
                #expect(drew.errorCode == "role")
                let inspected = try await server.post("/v1/qa/inspections", token: token, json: inspect)
                #expect(inspected.status == 403)
                #expect(inspected.errorCode == "role")
            }
            for token in others {
                for path in ["/v1/qa/inspections", "/v1/qa/campaigns/c"] {
                    let answer = try await server.get(path, token: token)
                    #expect(answer.status == 403, "\(path)")
                    #expect(answer.errorCode == "role", "\(path)")
                }
            }
            // Nothing was written by the refusals.
            #expect((try await server.get("/v1/qa/campaigns/c", token: qa)).errorCode == "unknown-campaign")
            #expect(((try await server.get("/v1/qa/inspections", token: qa)).json?["inspections"] as? [Any])?.count == 0)
            // No token: 401 before the body is read.
            let anonymous = try await server.send("POST", "/v1/qa/inspections", token: nil, body: Data("{".utf8))
            #expect(anonymous.status == 401)

            #expect((try await server.post("/v1/qa/campaigns", token: qa, json: draw)).status == 201)
            #expect((try await server.post("/v1/qa/inspections", token: qa, json: inspect)).status == 201)
            for token in [qa, auditor] {
                #expect((try await server.get("/v1/qa/campaigns/c", token: token)).status == 200)
                let listed = try await server.get("/v1/qa/inspections", token: token)
                #expect((listed.json?["inspections"] as? [Any])?.count == 1)
            }
        }
    }

    // MARK: Helpers

    static func drawn(_ answer: AuditServer.Answer) throws -> [DrawnSession] {
        let list = try #require(answer.json?["drawn"])
        return try JSONDecoder().decode([DrawnSession].self, from: try JSONSerialization.data(withJSONObject: list))
    }

    /// `printf TEXT | sha256sum`, as docs/auditing.md tells an auditor to recompute an order key.
    static func sha256sum(_ text: String) async throws -> String {
        let run = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["sha256sum"], input: text)
        return String(run.stdout.prefix(64))
    }
}
