import FlowAudit
import FlowRuntime
import FlowmapTestSupport
import Foundation
import Testing

/// The monthly report over HTTP carries the month-over-month trend, as `flowmap audit report`
/// does: each report the route makes is written to the reports' folder (beside the store
/// unless configured), and earlier months found there are read back, whoever wrote them.
///
/// Traffic: SMS balance inquiries (balance-inquiry.sms, `sla: 1m`) on a clock the test moves.
/// A quick contact is compliant; a slow one (its balance lookup answered 2 minutes later)
/// breaks the flow's SLA and is not. September: 3 quick, 1 slow (3/4 = 0.75). October:
/// 2 quick, 1 slow (2/3).
@Suite struct ReportTrendTests {
    /// 2026-09-15 10:00 in Asia/Shanghai, the flow map's zone.
    static let september15: Int64 = 1_789_437_600_000
    static let thirtyDays: Int64 = 30 * 24 * 3_600_000

    @Test func theSecondMonthsReportCarriesTheFirstMonthsFigures() async throws {
        let clock = ManualClock(now: Self.september15)
        try await withServer(clock: clock) { server in
            let sms = try server.key("sms-gateway", .adapter, channels: ["sms"]).token
            let auditor = try server.key("auditor-1", .auditor).token
            try await Self.traffic(server, token: sms, clock: clock, quick: 3, slow: 1, prefix: "sep")
            clock.advance(by: Self.thirtyDays)
            try await Self.traffic(server, token: sms, clock: clock, quick: 2, slow: 1, prefix: "oct")

            let september = try await server.send("GET", "/v1/audit/reports/2026-09?minSessions=1", token: auditor)
            #expect(september.status == 200, "\(september.text)")
            let first = try JSONDecoder().decode(ReportFigures.self, from: september.data)
            #expect(first.headline.measures.sessions == 4)
            #expect(first.headline.measures.compliant == 3)
            #expect(first.headline.measures.complianceRate == 0.75)
            #expect(first.months.map(\.month) == ["2026-09"])

            // Written where the CLI writes: the folder beside the store, report.json as the answer.
            let reports = server.directory.appendingPathComponent("reports")
            let written = try Data(contentsOf: reports.appendingPathComponent("2026-09/report.json"))
            #expect(try JSONDecoder().decode(ReportFigures.self, from: written) == first)
            #expect(FileManager.default.fileExists(atPath: reports.appendingPathComponent("2026-09/index.html").path))

            let october = try await server.send("GET", "/v1/audit/reports/2026-10?minSessions=1", token: auditor)
            #expect(october.status == 200, "\(october.text)")
            let second = try JSONDecoder().decode(ReportFigures.self, from: october.data)
            #expect(second.headline.measures.sessions == 3)
            #expect(second.headline.measures.compliant == 2)
            #expect(second.months.map(\.month) == ["2026-09", "2026-10"])
            #expect(second.months[0].measures.sessions == 4)
            #expect(second.months[0].measures.compliant == 3)
            #expect(second.months[0].measures.complianceRate == 0.75)
            #expect(second.months[1].measures.complianceRate == 2.0 / 3.0)

            // The page shows the trend too (both months named in it).
            let page = try await server.send("GET", "/v1/audit/reports/2026-10?format=html&minSessions=1", token: auditor)
            #expect(page.status == 200)
            #expect(page.text.contains("2026-09"))
        }
    }

    @Test func theCLIAndTheServiceReadEachOthersMonths() async throws {
        let clock = ManualClock(now: Self.september15)
        try await withServer(clock: clock) { server in
            let sms = try server.key("sms-gateway", .adapter, channels: ["sms"]).token
            let auditor = try server.key("auditor-1", .auditor).token
            try await Self.traffic(server, token: sms, clock: clock, quick: 3, slow: 1, prefix: "sep")
            clock.advance(by: Self.thirtyDays)
            try await Self.traffic(server, token: sms, clock: clock, quick: 2, slow: 1, prefix: "oct")
            let store = server.directory.appendingPathComponent("flowmap.sqlite").path
            let reports = server.directory.appendingPathComponent("reports").path

            // September by the CLI, into the service's folder; October by the service.
            let cli = try await FlowmapBinary.run([
                "audit", "report", "--month", "2026-09", "--min-sessions", "1", "--output", reports, "--store", store,
            ])
            #expect(cli.status == 0, "\(cli.stderr)")
            let october = try await server.send("GET", "/v1/audit/reports/2026-10?minSessions=1", token: auditor)
            #expect(october.status == 200, "\(october.text)")
            let served = try JSONDecoder().decode(ReportFigures.self, from: october.data)
            #expect(served.months.map(\.month) == ["2026-09", "2026-10"])
            #expect(served.months[0].measures.complianceRate == 0.75)

            // And the other way: September by the service, then October by the CLI.
            let september = try await server.send("GET", "/v1/audit/reports/2026-09?minSessions=1", token: auditor)
            #expect(september.status == 200)
            let first = try JSONDecoder().decode(ReportFigures.self, from: september.data)
            let again = try await FlowmapBinary.run([
                "audit", "report", "--month", "2026-10", "--min-sessions", "1", "--output", reports, "--store", store,
            ])
            #expect(again.status == 0, "\(again.stderr)")
            let figures = try JSONDecoder().decode(ReportFigures.self, from: 
                try Data(contentsOf: URL(fileURLWithPath: reports).appendingPathComponent("2026-10/report.json")))
            #expect(figures.months.map(\.month) == ["2026-09", "2026-10"])
            #expect(figures.months[0].measures == first.headline.measures)
            #expect(figures.headline.measures == served.headline.measures)
        }
    }

    @Test func anEmptyMonthIsRefusedAndNothingIsWritten() async throws {
        let clock = ManualClock(now: Self.september15)
        try await withServer(clock: clock) { server in
            let sms = try server.key("sms-gateway", .adapter, channels: ["sms"]).token
            let auditor = try server.key("auditor-1", .auditor).token
            try await Self.traffic(server, token: sms, clock: clock, quick: 1, slow: 0, prefix: "sep")
            let answer = try await server.send("GET", "/v1/audit/reports/2026-08", token: auditor)
            #expect(answer.status == 404)
            #expect(answer.errorCode == "unknown-month")
            let folder = server.directory.appendingPathComponent("reports/2026-08").path
            #expect(!FileManager.default.fileExists(atPath: folder))
        }
    }

    /// `quick` compliant contacts, then `slow` ones whose lookup is answered 2 minutes late.
    static func traffic(_ server: TestServer, token: String, clock: ManualClock, quick: Int, slow: Int, prefix: String)
        async throws
    {
        for index in 0..<(quick + slow) {
            let number = "1380013\(String(format: "%04d", index))"
            let started = try await server.send(
                "POST", "/v1/sessions", token: token,
                json: [
                    "business": "balance-inquiry", "channel": "sms", "brand": "gotone", "environment": "own-network",
                    "customer": number, "input": "CXYE", "variables": ["msisdn": number], "session": "\(prefix)-\(index)",
                ])
            #expect(started.status == 201, "\(started.text)")
            #expect(started.state == "lookup-balance")
            if index >= quick { clock.advance(by: 120_000) }
            let answered = try await server.send(
                "POST", "/v1/sessions/\(prefix)-\(index)/events", token: token,
                json: ["id": "task-1", "kind": "outcome", "outcome": "ok", "results": ["balance": 50, "credit": 0]])
            #expect(answered.status == 200, "\(answered.text)")
            #expect(answered.json?["ended"] as? String == "resolved")
            clock.advance(by: 60_000)
        }
    }
}
