import FlowAudit
import FlowConformance
import FlowModel
import Foundation
import Testing

/// The monthly report's files as written: report.json read back, report.csv parsed, the
/// HTML pages' key numbers, links and escaping.
@Suite struct ReportFilesTests {
    /// Writes the report under a fresh root and returns the month's folder.
    static func written(_ report: MonthlyReport, root: URL? = nil) throws -> URL {
        let root = try root ?? ReportFixture.temporaryFolder()
        return try ReportWriter(root: root.path).write(report.files(), month: report.month)
    }

    /// Every `href` and `src` of a page.
    static func links(_ html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"(?:href|src)="([^"]*)""#)
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).map { String(html[Range($0.range(at: 1), in: html)!]) }
    }

    /// RFC 4180 rows (the report quotes only fields with commas, quotes or line breaks).
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\r\n" || c == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(c)
            }
        }
        return rows
    }

    @Test func theMonthsFolderHoldsTheThreeFilesAndAPagePerExampleSession() throws {
        let folder = try Self.written(ReportFixture.novemberReport())
        #expect(folder.lastPathComponent == "2026-11")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()
        #expect(files == [
            "index.html", "report.csv", "report.json", "sessions", "sessions/S1.html", "sessions/S2.html", "sessions/S3.html",
            "sessions/S4.html", "sessions/S5.html", "state-times.csv", "variants.csv",
        ])
        // Nothing is left beside it.
        let root = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        #expect(root == ["2026-11"])
    }

    @Test func reportJSONReadsBackAsTheSameFigures() throws {
        let report = try ReportFixture.novemberReport()
        let folder = try Self.written(report)
        let data = try Data(contentsOf: folder.appendingPathComponent("report.json"))
        let decoded = try JSONDecoder().decode(ReportFigures.self, from: data)
        #expect(decoded == report.figures())
        // Documented keys, read without the Swift types.
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let headline = try #require(object["headline"] as? [String: Any])
        let measures = try #require(headline["measures"] as? [String: Any])
        #expect(measures["complianceRate"] as? Double == 0.2)
        #expect(measures["sessions"] as? Int == 5)
        #expect(object["format"] as? Int == 1)
        #expect(object["month"] as? String == "2026-11")
    }

    @Test func reportCSVHasTheFiguresOfEachContactPoint() throws {
        let folder = try Self.written(ReportFixture.novemberReport(minSessions: 5))
        let rows = Self.csvRows(try ReportFixture.text(folder.appendingPathComponent("report.csv")))
        #expect(rows.count == 5)
        let header = rows[0]
        #expect(rows.allSatisfy { $0.count == header.count })
        #expect(rows.dropFirst().map { $0[0] } == ["P901", "P902", "P903", "V901"])
        let p901 = Dictionary(uniqueKeysWithValues: zip(header, rows[1]))
        #expect(p901["business"] == "demo")
        #expect(p901["flow"] == "demo.phone")
        #expect(p901["sessions"] == "5")
        #expect(p901["compliant"] == "1")
        #expect(p901["compliance_rate"] == "0.2000")
        #expect(p901["benchmark"] == "0.8000")
        #expect(p901["flagged"] == "yes")
        #expect(p901["trajectory_rate"] == "0.6000")
        #expect(p901["token_fitness"] == "0.9091")
        #expect(p901["alignment_fitness"] == "0.8500")
        #expect(p901["person_steps"] == "17")
        #expect(p901["person_step_rate"] == "0.9412")
        #expect(p901["field_use_rate"] == "0.5000")
        #expect(p901["average_handling_time_s"] == "222.0")
        #expect(p901["deviations_flow_sla"] == "2")
        #expect(p901["deviations_loop_bound"] == "0")
        let v901 = Dictionary(uniqueKeysWithValues: zip(header, rows[4]))
        #expect(v901["sessions"] == "0")
        #expect(v901["compliance_rate"] == "")
        #expect(v901["benchmark"] == "0.9000")
        #expect(v901["flagged"] == "no")
    }

    @Test func theIndexShowsTheHeadlineTheHeatMapAndTheCharts() throws {
        let folder = try Self.written(ReportFixture.novemberReport(minSessions: 5))
        let html = try ReportFixture.text(folder.appendingPathComponent("index.html"))
        #expect(html.contains("流程规范率"))
        #expect(html.contains(#"<div class="value">20.0%</div>"#))  // compliance
        #expect(html.contains(#"<div class="value">60.0%</div>"#))  // trajectory
        #expect(html.contains(#"<div class="value">0.9091</div>"#))  // token fitness
        #expect(html.contains(#"<div class="value">0.8500</div>"#))  // alignment fitness
        #expect(html.contains(#"<div class="value">94.1%</div>"#))  // person-steps
        #expect(html.contains(#"<div class="value">50.0%</div>"#))  // field use
        #expect(html.contains("Cohen's kappa 0.000"))
        // The demo/phone cell: below its 80% benchmark, flagged; the IVR cell idle.
        #expect(html.contains(#"<td class="below flagged"><div class="rate">20.0% <span class="flag">⚑</span></div>"#))
        #expect(html.contains(#"<td class="idle"><div class="rate">no traffic 无话务</div>"#))
        #expect(html.contains(#"<td class="off"><div class="rate">not offered 未开通</div>"#))
        // Two inline charts, no script, nothing fetched.
        #expect(html.components(separatedBy: "<svg ").count == 3)
        #expect(!html.contains("<script"))
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
        #expect(html.contains("<title>2026-11-02: compliance 流程规范率 20.0%</title>"))
    }

    @Test func aDayWithoutSessionsBreaksTheTrendLine() throws {
        // S1 (compliant) on the 2nd, S2 (not) on the 4th, nothing on the 3rd.
        let s1 = try ReportFixture.workedExample(at: ReportFixture.nine(2026, 11, 2))[0]
        let s2 = try ReportFixture.workedExample(at: ReportFixture.nine(2026, 11, 4), prefix: "X")[1]
        let measured = try ReportFixture.measure([s1, s2])
        let report = MonthlyReport(
            month: Month(year: 2026, month: 11), timeZone: ReportFixture.utc, flowMap: ReportFixture.flowMap,
            catalog: measured.catalog, tally: measured.tally, examples: measured.examples)
        let html = try #require(String(data: report.files().first { $0.path == "index.html" }!.contents, encoding: .utf8))
        let compliance = ##"<polyline fill="none" stroke="#1f4e79" stroke-width="2.5" stroke-dasharray="none" points=""##
        // 30 days over x 48...740: a day is 692/29 wide; rates 100% at y 16, 0% at y 196.
        #expect(html.contains(compliance + #"71.9,16.0"/>"#))
        #expect(html.contains(compliance + #"119.6,196.0"/>"#))
        // Two runs by day, one point month over month.
        #expect(html.components(separatedBy: compliance).count - 1 == 3)
    }

    @Test func everyLinkResolvesToAWrittenFile() throws {
        let folder = try Self.written(ReportFixture.novemberReport())
        var pages = [folder.appendingPathComponent("index.html")]
        pages += try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("sessions").path)
            .map { folder.appendingPathComponent("sessions").appendingPathComponent($0) }
        var checked = 0
        for page in pages {
            for link in Self.links(try ReportFixture.text(page)) {
                let target = page.deletingLastPathComponent().appendingPathComponent(link).standardizedFileURL
                #expect(FileManager.default.fileExists(atPath: target.path), "\(page.lastPathComponent) links to \(link)")
                checked += 1
            }
        }
        // index: report.json, report.csv, 7 deviation examples, 1 step example; each session page: back to index.
        #expect(checked == 2 + 7 + 1 + 5)
    }

    @Test func aSessionPageShowsItsPathAndDeviations() throws {
        let folder = try Self.written(ReportFixture.novemberReport())
        let s2 = try ReportFixture.text(folder.appendingPathComponent("sessions/S2.html"))
        #expect(s2.contains("<h1>Session <span class=\"zh\">会话</span> S2</h1>"))
        #expect(s2.contains("greet → ask → done"))
        #expect(s2.contains("<td>ask</td><td>done</td><td>override</td><td>customer-in-hurry</td><td>A2 / agent / front-line</td>"))
        #expect(s2.contains("<tr><td>override</td><td>人工跳转</td><td class=\"n\">3</td>"))
        #expect(s2.contains("<tr><td>skipped-mandatory</td><td>跳过必经环节</td><td class=\"n\">3</td><td>state resolve</td></tr>"))
        #expect(s2.contains("does not conform 不符合"))
        let s4 = try ReportFixture.text(folder.appendingPathComponent("sessions/S4.html"))
        #expect(s4.contains("<tr><td>performer, transfer-target</td><td>执行人不符、转接目标不符</td><td class=\"n\">5</td><td>state billing-explain by A7 / agent / front-line</td></tr>"))
        #expect(s4.contains("handling time 370.0 s &gt; 300.0 s"))
        #expect(s4.contains("2026-11-02 09:06:10"))
        let s1 = try ReportFixture.text(folder.appendingPathComponent("sessions/S1.html"))
        #expect(s1.contains("<tr><th>inspection 质检</th><td>pass</td></tr>"))
        #expect(s1.contains("compliant 规范"))
    }

    @Test func namesWithHTMLCharactersAreEscapedEverywhere() throws {
        var map = ReportFixture.flowMap
        map.name = LocalizedText(zh: "<script>alert(1)</script>", en: "Tom & \"Jerry's\"")
        let unit = try #require(map.organisation.units.firstIndex { $0.id == "front-line" })
        map.organisation.units[unit].name = LocalizedText(zh: "<i>一线</i>")
        let odd = ReportFixture.agent("<b>A9</b>")
        var contact = try DrivenContact("demo.phone", id: "S<6>&\"x'", agent: odd, at: ReportFixture.nine(2026, 11, 3))
        try contact.send(.override(to: "done", reason: "why<not>"), at: 30, actor: odd)
        let measured = try ReportFixture.measure([contact])
        let report = MonthlyReport(
            month: Month(year: 2026, month: 11), timeZone: ReportFixture.utc, flowMap: map, catalog: measured.catalog,
            tally: measured.tally, examples: measured.examples, exampleSessions: measured.traces)
        let folder = try Self.written(report)
        let html = try ReportFixture.text(folder.appendingPathComponent("index.html"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; (Tom &amp; &quot;Jerry&#39;s&quot;)"))
        #expect(html.contains("&lt;i&gt;一线&lt;/i&gt;"))
        #expect(!html.contains("<b>A9</b>"))
        #expect(html.contains("&lt;b&gt;A9&lt;/b&gt;"))
        // The session's id is not a file name: its page is named by its number, and the link works.
        #expect(html.contains(#"<a href="sessions/n1.html">S&lt;6&gt;&amp;&quot;x&#39;</a>"#))
        let page = try ReportFixture.text(folder.appendingPathComponent("sessions/n1.html"))
        #expect(page.contains("S&lt;6&gt;&amp;&quot;x&#39;"))
        #expect(page.contains("why&lt;not&gt;"))
        #expect(!page.contains("<b>A9</b>"))
        // The CSV and JSON carry the names as they are.
        let json = try JSONDecoder().decode(ReportFigures.self, from: Data(contentsOf: folder.appendingPathComponent("report.json")))
        #expect(json.flowMap == "<script>alert(1)</script> (Tom & \"Jerry's\")")
        #expect(json.organisation.byAgent.map(\.id) == ["<b>A9</b>"])
    }

    @Test func lastMonthsReportGivesTheChangeAndTheMonthOverMonthTrend() throws {
        let root = try ReportFixture.temporaryFolder()
        // October: only S1 (compliant) and S2 (not): 50%.
        let october = try ReportFixture.measure(Array(ReportFixture.workedExample(at: ReportFixture.nine(2026, 10, 5), prefix: "O").prefix(2)))
        let octoberReport = MonthlyReport(
            month: Month(year: 2026, month: 10), timeZone: ReportFixture.utc, flowMap: ReportFixture.flowMap,
            catalog: october.catalog, tally: october.tally, examples: october.examples)
        try Self.written(octoberReport, root: root)

        let writer = ReportWriter(root: root.path)
        let previous = try writer.previousMonths(before: Month(year: 2026, month: 11))
        #expect(previous.map(\.month) == ["2026-10"])
        let november = try ReportFixture.novemberReport(previous: previous)
        let folder = try Self.written(november, root: root)
        let figures = try JSONDecoder().decode(ReportFigures.self, from: Data(contentsOf: folder.appendingPathComponent("report.json")))
        #expect(figures.months.map(\.month) == ["2026-10", "2026-11"])
        #expect(figures.months.map(\.measures.complianceRate) == [0.5, 0.2])
        let p901 = try #require(figures.contactPoints.first { $0.code == "P901" })
        #expect(p901.previousComplianceRate == 0.5)
        #expect(abs(p901.change! - (-0.3)) < 1e-12)
        #expect(figures.matrix.rows[0].cells[0].previousComplianceRate == 0.5)
        let html = try ReportFixture.text(folder.appendingPathComponent("index.html"))
        #expect(html.contains("−30.0 pt"))
        #expect(html.contains("<title>2026-10: compliance 流程规范率 50.0%</title>"))
        // A report of a later month is not an earlier one.
        #expect(try writer.previousMonths(before: Month(year: 2026, month: 10)).isEmpty)
    }

    @Test func anUnreadableEarlierReportIsNamed() throws {
        let root = try ReportFixture.temporaryFolder()
        let bad = root.appendingPathComponent("2026-09")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try Data(#"{"month": "2026-09"}"#.utf8).write(to: bad.appendingPathComponent("report.json"))
        #expect {
            try ReportWriter(root: root.path).previousMonths(before: Month(year: 2026, month: 11))
        } throws: { error in
            let text = String(describing: error)
            return text.contains(bad.appendingPathComponent("report.json").path) && text.contains("no 'format'")
        }
    }

    @Test func writingAMonthAgainReplacesItsFolderWhole() throws {
        let root = try ReportFixture.temporaryFolder()
        try Self.written(ReportFixture.novemberReport(), root: root)
        // The second time, with no example sessions: the old session pages go with the old report.
        var report = try ReportFixture.novemberReport()
        report.exampleSessions = []
        let folder = try Self.written(report, root: root)
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["index.html", "report.csv", "report.json", "state-times.csv", "variants.csv"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["2026-11"])
    }
}
