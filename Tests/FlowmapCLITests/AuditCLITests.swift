import Foundation
import FoundationXML
import Testing

/// `flowmap audit sample`, `inspect`, `export` and `report` run as a user runs them: the
/// real binary over a store made by `flowmap simulate --contacts 300` (shared by the suite,
/// never written: each test that writes keeps its own QA store or output folder).
@Suite struct AuditCLITests {
    /// The simulated store, made on first use (a static constant: made once, whichever
    /// test asks first).
    static let simulated = Task<String, any Error> {
        let folder = try AuditCLITests.temporaryFolder()
        let store = folder.appendingPathComponent("flowmap.sqlite").path
        let made = try await CLIRunner.run([
            "simulate", "--library", "Flows", "--store", store, "--contacts", "300", "--seed", "5", "--days", "3",
            "--start", "2026-11-02", "--quiet",
        ])
        guard made.status == 0 else { throw SimulationFailed(stderr: made.stderr) }
        return store
    }

    struct SimulationFailed: Error {
        var stderr: String
    }

    static var store: String {
        get async throws { try await simulated.value }
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowmap-audit-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func run(_ arguments: [String]) async throws -> FlowmapRunResult {
        try await CLIRunner.run(arguments)
    }

    typealias FlowmapRunResult = CLIRunner.Result

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// `audit measure --format json` over the whole store: what the other commands are held to.
    static func measure(_ store: String, _ extra: [String] = []) async throws -> [String: Any] {
        let result = try await run(["audit", "measure", "--store", store, "--format", "json"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try json(result.stdout) as? [String: Any])
    }

    // MARK: sample

    static func draw(_ store: String, qa: String, seed: Int, size: Int, campaign: String = "2026-11") async throws -> FlowmapRunResult {
        try await run([
            "audit", "sample", "--store", store, "--qa-store", qa, "--campaign", campaign, "--seed", String(seed), "--by",
            "contact-point", "--size", String(size), "--drawn-by", "Q1", "--format", "json",
        ])
    }

    struct Drawn: Decodable, Hashable {
        var session: String
        var number: Int64
        var stratum: String
        var rank: Int
    }

    static func drawn(_ result: FlowmapRunResult) throws -> [Drawn] {
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode([Drawn].self, from: Data(result.stdout.utf8))
    }

    @Test func aSampleIsTheSameFromTheSameSeedAndHasTheStrataSizes() async throws {
        let store = try await Self.store
        let folder = try Self.temporaryFolder()
        let first = try Self.drawn(await Self.draw(store, qa: folder.appendingPathComponent("a.qa.sqlite").path, seed: 42, size: 3))
        let again = try Self.drawn(await Self.draw(store, qa: folder.appendingPathComponent("b.qa.sqlite").path, seed: 42, size: 3))
        #expect(first == again)
        let other = try Self.drawn(await Self.draw(store, qa: folder.appendingPathComponent("c.qa.sqlite").path, seed: 43, size: 3))
        #expect(Set(other.map(\.session)) != Set(first.map(\.session)))

        // Every stratum gives min(3, its finished sessions): the contact points' session
        // counts are `measure`'s compliance by contact point.
        let compliance = try await #require(try Self.measure(store)["compliance"] as? [String: Any])
        let byPoint = try #require(compliance["byContactPoint"] as? [[String: Any]])
        let sessions = Dictionary(uniqueKeysWithValues: byPoint.map { ($0["key"] as! String, $0["whole"] as! Int) })
        let drawnByStratum = Dictionary(grouping: first, by: \.stratum)
        #expect(Set(drawnByStratum.keys) == Set(sessions.filter { $0.value > 0 }.keys))
        for (stratum, drawn) in drawnByStratum {
            #expect(drawn.count == min(3, sessions[stratum] ?? 0), "\(stratum)")
            #expect(drawn.map(\.rank).sorted() == Array(1...drawn.count), "\(stratum)")
        }
        #expect(Set(first.map(\.session)).count == first.count)
    }

    @Test func aSecondDrawTakesNoSessionTwiceAndKeepsTheCampaignsSeed() async throws {
        let store = try await Self.store
        let qa = try Self.temporaryFolder().appendingPathComponent("flowmap.qa.sqlite").path
        let first = try await Self.drawn(Self.draw(store, qa: qa, seed: 7, size: 2))
        let second = try await Self.drawn(Self.draw(store, qa: qa, seed: 7, size: 4))
        #expect(Set(first.map(\.session)).isDisjoint(with: second.map(\.session)))
        // The second draw's sessions follow the first's in each stratum: ranks 3 and 4.
        for (stratum, drawn) in Dictionary(grouping: second, by: \.stratum) {
            let before = first.filter { $0.stratum == stratum }.count
            #expect(drawn.allSatisfy { $0.rank > before }, "\(stratum)")
            #expect(drawn.count <= 4)
        }
        // Another seed for the same campaign is refused, and draws nothing.
        let refused = try await Self.draw(store, qa: qa, seed: 8, size: 2)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("error:"))
        #expect(refused.stderr.contains("seed"))
        let listed = try await Self.run([
            "audit", "inspections", "--store", store, "--qa-store", qa, "--campaign", "2026-11", "--pending", "--format", "json",
        ])
        #expect(listed.status == 0, "\(listed.stderr)")
        let pending = try #require(try Self.json(listed.stdout) as? [Any])
        #expect(pending.count == first.count + second.count)
    }

    // MARK: inspect

    static func inspections(_ store: String, qa: String, session: String) async throws -> [[String: Any]] {
        let listed = try await run(["audit", "inspections", "--store", store, "--qa-store", qa, "--session", session, "--format", "json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        return try #require(try json(listed.stdout) as? [[String: Any]])
    }

    /// A finished session of the store.
    static func someSession(_ store: String) async throws -> String {
        let listed = try await run(["audit", "traversals", "--store", store, "--limit", "1", "--format", "json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = try #require(try json(listed.stdout) as? [[String: Any]])
        return try #require(rows.first?["session"] as? String)
    }

    @Test func anInspectionIsEnteredAndSupersededNeverEdited() async throws {
        let store = try await Self.store
        let qa = try Self.temporaryFolder().appendingPathComponent("flowmap.qa.sqlite").path
        let session = try await Self.someSession(store)
        let failed = try await Self.run([
            "audit", "inspect", session, "--store", store, "--qa-store", qa, "--verdict", "fail", "--reason",
            "no-callback-offered", "--inspector", "Q7",
        ])
        #expect(failed.status == 0, "\(failed.stderr)")
        #expect(failed.stdout == "inspection 1: session \(session) fail (no-callback-offered) by Q7\n")
        let corrected = try await Self.run([
            "audit", "inspect", session, "--store", store, "--qa-store", qa, "--verdict", "pass", "--note",
            "callback was offered at 01:05", "--inspector", "Q2", "--supersedes", "1",
        ])
        #expect(corrected.status == 0, "\(corrected.stderr)")
        #expect(corrected.stdout == "inspection 2: session \(session) pass by Q2, superseding inspection 1\n")

        let listed = try await Self.inspections(store, qa: qa, session: session)
        #expect(listed.count == 2)
        let byID = Dictionary(uniqueKeysWithValues: listed.map { (($0["inspection"] as! [String: Any])["id"] as! Int, $0) })
        #expect(byID[1]?["current"] as? Bool == false)
        #expect(byID[1]?["superseded_by"] as? Int == 2)
        #expect(byID[2]?["current"] as? Bool == true)
        #expect((byID[1]?["inspection"] as? [String: Any])?["verdict"] as? String == "fail")

        // The corrected inspection cannot be superseded a second time: one correction each.
        let twice = try await Self.run([
            "audit", "inspect", session, "--store", store, "--qa-store", qa, "--verdict", "pass", "--inspector", "Q3",
            "--supersedes", "1",
        ])
        #expect(twice.status == 1)
        #expect(twice.stderr.hasPrefix("error: "), "\(twice.stderr)")
        await #expect(try Self.inspections(store, qa: qa, session: session).count == 2)
    }

    @Test func aBadVerdictAnUnknownSessionOrAMissingReasonIsRefusedAndWritesNothing() async throws {
        let store = try await Self.store
        let qa = try Self.temporaryFolder().appendingPathComponent("flowmap.qa.sqlite").path
        let session = try await Self.someSession(store)
        let base = ["audit", "inspect", "--store", store, "--qa-store", qa, "--inspector", "Q7"]

        let badVerdict = try await Self.run(base + [session, "--verdict", "maybe"])
        #expect(badVerdict.status != 0)
        #expect(badVerdict.stderr.contains("--verdict"), "\(badVerdict.stderr)")
        #expect(badVerdict.stderr.contains("maybe"), "\(badVerdict.stderr)")

        let noReason = try await Self.run(base + [session, "--verdict", "fail"])
        #expect(noReason.status != 0)
        #expect(noReason.stderr.contains("a fail verdict needs --reason CODE"), "\(noReason.stderr)")

        let unknown = try await Self.run(base + ["no-such-session", "--verdict", "pass"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("error: "), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("no-such-session"), "\(unknown.stderr)")

        let badStep = try await Self.run(base + [session, "--verdict", "pass", "--step", "9999"])
        #expect(badStep.status == 1)
        #expect(badStep.stderr.contains("--step"), "\(badStep.stderr)")

        // None of them made the QA store.
        #expect(!FileManager.default.fileExists(atPath: qa))

        // And with a QA store in place, a supersede of no inspection adds nothing to it.
        let entered = try await Self.run(base + [session, "--verdict", "pass"])
        #expect(entered.status == 0, "\(entered.stderr)")
        let nothing = try await Self.run(base + [session, "--verdict", "pass", "--supersedes", "99"])
        #expect(nothing.status == 1)
        #expect(nothing.stderr.hasPrefix("error: "), "\(nothing.stderr)")
        await #expect(try Self.inspections(store, qa: qa, session: session).count == 1)
    }

    // MARK: export

    static func export(_ store: String, _ format: String, to folder: URL) async throws -> (text: String, note: String) {
        let file = folder.appendingPathComponent("log.\(format)")
        let result = try await run(["audit", "export", "--store", store, "--format", format, "--output", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        return (try String(contentsOf: file, encoding: .utf8), result.stderr)
    }

    @Test func eachExportParsesAndHoldsEveryRecordOfTheFinishedSessions() async throws {
        let store = try await Self.store
        let folder = try Self.temporaryFolder()
        let scan = try await #require(try Self.measure(store)["scan"] as? [String: Any])
        let records = (scan["records"] as! Int) - (scan["openRecords"] as! Int)
        let sessions = scan["finishedSessions"] as! Int
        #expect(records > 1000)

        let csv = try await Self.export(store, "csv", to: folder)
        // One header, then a line per record (CRLF; no field of a simulated log breaks a line).
        let lines = csv.text.components(separatedBy: "\r\n")
        #expect(lines.last == "")
        #expect(lines.count - 2 == records)
        #expect(lines[0].hasPrefix("session,sequence,journey,contact_point,"))
        #expect(lines[0].hasSuffix(",changes,note,previous_hash,hash"))
        #expect(csv.note.contains("exported \(sessions) sessions: \(records) records"), "\(csv.note)")

        let jsonLines = try await Self.export(store, "json", to: folder)
        let objects = try jsonLines.text.split(separator: "\n").map { try #require(try Self.json(String($0)) as? [String: Any]) }
        #expect(objects.count == records)
        #expect(objects.allSatisfy { ($0["hash"] as? String)?.count == 64 && $0["changes"] is [String: Any] })

        let ocel = try await Self.export(store, "ocel", to: folder)
        let log = try #require(try Self.json(ocel.text) as? [String: Any])
        #expect((log["events"] as? [Any])?.count == records)
        #expect((log["objects"] as? [[String: Any]])?.filter { $0["type"] as? String == "session" }.count == sessions)

        let xes = try await Self.export(store, "xes", to: folder)
        let document = try XMLDocument(data: Data(xes.text.utf8))
        // XES elements are in its namespace: matched by local name.
        let traces = try document.nodes(forXPath: "/*[local-name()='log']/*[local-name()='trace']")
        let events = try document.nodes(forXPath: "/*[local-name()='log']/*[local-name()='trace']/*[local-name()='event']")
        // One trace per segment: every session's own, and one per subflow call.
        #expect(traces.count >= sessions)
        #expect(xes.note.contains("exported \(sessions) sessions: \(traces.count) traces, \(events.count) events"), "\(xes.note)")
        let named = try document.nodes(forXPath: "//*[local-name()='trace']/*[local-name()='string'][@key='flowmap:session']/@value")
            .compactMap(\.stringValue)
        #expect(Set(named).count == sessions)
    }

    // MARK: report

    @Test func theReportWritesItsFilesAndItsFiguresAreMeasures() async throws {
        let store = try await Self.store
        let output = try Self.temporaryFolder()
        let result = try await Self.run(["audit", "report", "--store", store, "--month", "2026-11", "--output", output.path, "--min-sessions", "5"])
        #expect(result.status == 0, "\(result.stderr)")
        let folder = output.appendingPathComponent("2026-11")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        #expect(files.isSuperset(of: ["index.html", "report.json", "report.csv", "variants.csv", "state-times.csv", "sessions"]))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as? [String: Any])
        let measures = try #require((report["headline"] as? [String: Any])?["measures"] as? [String: Any])
        let measured = try await Self.measure(store, ["--period", "2026-11", "--min-sessions", "5"])

        let compliance = try #require(measured["compliance"] as? [String: Any])
        let compliant = try #require(compliance["compliant"] as? [String: Any])
        #expect(measures["sessions"] as? Int == compliant["whole"] as? Int)
        #expect(measures["compliant"] as? Int == compliant["part"] as? Int)
        #expect((measures["sessions"] as? Int ?? 0) > 200)
        let trajectory = try #require(measured["trajectory"] as? [String: Any])
        #expect(measures["trajectoryConforming"] as? Int == (trajectory["conforming"] as? [String: Any])?["part"] as? Int)
        #expect(measures["tokenFitness"] as? Double == trajectory["tokenFitness"] as? Double)
        #expect(measures["alignmentFitness"] as? Double == trajectory["alignmentFitness"] as? Double)
        #expect(measures["withinFlowSLA"] as? Int == (compliance["withinFlowSLA"] as? [String: Any])?["part"] as? Int)

        // Every contact point's sessions and compliant sessions, as `measure` counts them.
        let points = try #require(report["contactPoints"] as? [[String: Any]])
        for rate in try #require(compliance["byContactPoint"] as? [[String: Any]]) {
            let point = try #require(points.first { $0["code"] as? String == rate["key"] as? String }, "\(rate["key"] ?? "")")
            let m = try #require(point["measures"] as? [String: Any])
            #expect(m["sessions"] as? Int == rate["whole"] as? Int)
            #expect(m["compliant"] as? Int == rate["part"] as? Int)
        }

        // Variants and time per state: the same as `measure`'s (both list the top ten per version).
        let flows = try #require(report["flows"] as? [[String: Any]])
        var reportVariants: [String: (Int, Double)] = [:]
        var reportTimes: [String: (Int, Double, Double)] = [:]
        for flow in flows {
            let key = "\(flow["flow"]!) \(String((flow["version"] as! String).prefix(8)))"
            for variant in flow["variants"] as! [[String: Any]] {
                reportVariants["\(key) \(variant["path"]!)"] = (variant["count"] as! Int, variant["share"] as! Double)
            }
            for state in flow["states"] as! [[String: Any]] {
                reportTimes["\(key) \(state["state"]!)"] = (state["visits"] as! Int, state["median"] as! Double, state["p90"] as! Double)
            }
        }
        let measuredVariants = try #require(measured["variants"] as? [[String: Any]])
        #expect(reportVariants.count == measuredVariants.count)
        for variant in measuredVariants {
            let found = reportVariants["\(variant["flow"]!) \(variant["version"]!) \(variant["path"]!)"]
            #expect(found?.0 == variant["count"] as? Int && found?.1 == variant["share"] as? Double, "\(variant)")
        }
        let measuredTimes = try #require(measured["stateTimes"] as? [[String: Any]])
        #expect(reportTimes.count == measuredTimes.count)
        for time in measuredTimes {
            let found = reportTimes["\(time["flow"]!) \(time["version"]!) \(time["state"]!)"]
            #expect(
                found?.0 == time["visits"] as? Int && found?.1 == time["median"] as? Double && found?.2 == time["p90"] as? Double,
                "\(time)")
        }

        // variants.csv: a row per listed variant and per "other", shares that add up to 1 per version.
        let variantsCSV = try String(contentsOf: folder.appendingPathComponent("variants.csv"), encoding: .utf8)
        #expect(variantsCSV.hasPrefix("flow,version,rank,path,count,share,cumulative_share\r\n"))
        let withOther = flows.filter { $0["otherVariants"] != nil }.count
        #expect(variantsCSV.components(separatedBy: "\r\n").count - 2 == reportVariants.count + withOther)
        let html = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<section id=\"paths\">"))
    }
}
