import FlowAudit
import FlowConformance
import Foundation
import Testing

/// The report's path variants and time per state (report.json's `flows`, variants.csv,
/// state-times.csv, the page's "Paths and time per state") for docs/auditing.md's worked
/// example, computed by hand in the doc.
@Suite struct ReportFlowFiguresTests {
    /// The five sessions' variants, in the order the sessions were measured (S1...S5).
    static let paths = [
        "greet → ask → resolve → done", "greet → ask → done", "greet → ask → ask → hung-up",
        "greet → ask → transfer-billing → billing-explain → resolve → done", "greet → ask → transfer-billing → ✗",
    ]

    static func demo(_ report: MonthlyReport) throws -> FlowFigures {
        let flows = try #require(report.figures().flows)
        #expect(flows.map(\.flow) == ["demo.phone"])
        return try #require(flows.first)
    }

    @Test func fiveVariantsOfOneSessionEachWithTheirCumulativeShares() throws {
        let demo = try Self.demo(ReportFixture.novemberReport())
        #expect(demo.sessions == 5)
        #expect(demo.variants.map(\.path) == Self.paths)
        #expect(demo.variants.map(\.rank) == [1, 2, 3, 4, 5])
        #expect(demo.variants.allSatisfy { $0.count == 1 && $0.share == 0.2 })
        #expect(demo.variants.map(\.cumulativeShare).map { ($0 * 10).rounded() / 10 } == [0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(demo.variants[4].states == ["greet", "ask", "transfer-billing", "✗"])
        #expect(demo.otherVariants == nil)
    }

    @Test func variantsPastTheLimitAreOther() throws {
        var report = try ReportFixture.novemberReport()
        report.variantLimit = 3
        let demo = try Self.demo(report)
        #expect(demo.variants.map(\.path) == Array(Self.paths.prefix(3)))
        #expect(abs(demo.variants[2].cumulativeShare - 0.6) < 1e-12)
        let other = try #require(demo.otherVariants)
        #expect(other.variants == 2)
        #expect(other.count == 2)
        #expect(other.share == 0.4)

        let files = try report.files()
        let csv = String(decoding: try #require(files.first { $0.path == "variants.csv" }).contents, as: UTF8.self)
        let version = demo.version
        #expect(csv == """
            flow,version,rank,path,count,share,cumulative_share\r
            demo.phone,\(version),1,greet → ask → resolve → done,1,0.2000,0.2000\r
            demo.phone,\(version),2,greet → ask → done,1,0.2000,0.4000\r
            demo.phone,\(version),3,greet → ask → ask → hung-up,1,0.2000,0.6000\r
            demo.phone,\(version),,other (2 variants),2,0.4000,1.0000\r

            """)
    }

    @Test func timeInAskIsMedian40AndP90Of70SecondsOverItsSLA() throws {
        let report = try ReportFixture.novemberReport()
        let demo = try Self.demo(report)
        // Visits of ask: 40, 30, 70, 50 and 30 s; HDR gives the highest value equivalent
        // within 0.1% (40.031 and 70.015 s).
        let ask = try #require(demo.states.first { $0.state == "ask" })
        #expect(ask.visits == 5)
        #expect(ask.median >= 40 && ask.median <= 40.04)
        #expect(ask.p90 >= 70 && ask.p90 <= 70.07)
        #expect(ask.sla == 60)
        #expect(ask.overSLA)
        // greet moves on at once, in the step that entered it; it has no SLA.
        let greet = try #require(demo.states.first { $0.state == "greet" })
        #expect(greet.visits == 5)
        #expect(greet.median == 0)
        #expect(greet.sla == nil)
        #expect(!greet.overSLA)
        // transfer-billing: S4 50 -> 200 s, S5 30 -> 600 s (cut short by the flow's time limit).
        let transfer = try #require(demo.states.first { $0.state == "transfer-billing" })
        #expect(transfer.visits == 2)
        #expect(demo.states.count(where: \.overSLA) == 1)
        // Declaration order.
        let order = ["greet", "ask", "transfer-billing", "billing-explain", "resolve", "done", "hung-up"]
        let listed = demo.states.map(\.state)
        #expect(listed == order.filter(listed.contains))

        let csv = String(decoding: try #require(try report.files().first { $0.path == "state-times.csv" }).contents, as: UTF8.self)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "flow,version,state,visits,median_s,p90_s,sla_s,over_sla")
        let askLine = try #require(lines.first { $0.hasPrefix("demo.phone,\(demo.version),ask,") })
        #expect(askLine.hasPrefix("demo.phone,\(demo.version),ask,5,40.0"))
        #expect(askLine.hasSuffix(",60.000,yes"))
    }

    @Test func thePageShowsThePathsAndFlagsTheSlowState() throws {
        var report = try ReportFixture.novemberReport()
        report.variantLimit = 3
        let html = String(decoding: try #require(try report.files().first { $0.path == "index.html" }).contents, as: UTF8.self)
        let section = try #require(html.components(separatedBy: "<section id=\"paths\">").last?.components(separatedBy: "</section>").first)
        #expect(section.contains("greet → ask → resolve → done"))
        #expect(section.contains("other 其他 (2 variants)"))
        #expect(!section.contains("transfer-billing → ✗"))
        #expect(section.contains("<tr class=\"below\"><td>ask <span class=\"flag\">⚑</span>"))
        // Only ask is flagged.
        #expect(section.components(separatedBy: "<span class=\"flag\">⚑</span>").count == 2)
    }

    @Test func anEarlierReportWithoutFlowsStillReads() throws {
        let report = try ReportFixture.novemberReport()
        let data = try JSONEncoder().encode(report.figures())
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["flows"] = nil
        object["month"] = "2026-10"
        let october = try JSONDecoder().decode(ReportFigures.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(october.flows == nil)
        let november = try ReportFixture.novemberReport(previous: [october]).figures()
        #expect(november.months.map(\.month) == ["2026-10", "2026-11"])
    }
}
