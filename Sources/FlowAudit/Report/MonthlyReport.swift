import FlowConformance
import FlowModel
import Foundation

/// The monthly flow report (流程报表): a pure function of the month's tallies, the example
/// findings, the flow map and earlier months' figures, to the files of
/// `reports/2026-11/` (docs/auditing.md, "The monthly report").
///
/// ```swift
/// let report = MonthlyReport(
///     month: Month(year: 2026, month: 11), timeZone: zone, flowMap: map, catalog: catalog,
///     tally: tally, examples: examples, exampleSessions: traces, previousMonths: earlier)
/// try ReportWriter(root: "reports").write(report)
/// ```
///
/// Everything it computes is bounded by the tallies' cardinalities (contact points, flow
/// versions, people, days), never by the number of sessions.
public struct MonthlyReport: Sendable {
    public var month: Month
    /// The zone the tally's days were counted in; session pages show times in it.
    public var timeZone: TimeZone
    public var flowMap: FlowMap
    public var catalog: NetCatalog
    public var tally: AuditTally
    public var examples: FindingExamples
    /// The records of the example sessions, for their pages; an example whose session is
    /// not here is listed without a link.
    public var exampleSessions: [SessionTrace]
    /// Inspection verdicts of the example sessions, by session number, shown on their pages.
    public var exampleInspections: [Int64: InspectionVerdict]
    /// Earlier months' figures (their `report.json`), in any order; later months are ignored.
    public var previousMonths: [ReportFigures]
    /// Fewer sessions than this do not flag a contact point or a cell (`--min-sessions`).
    public var minSessions: Int
    /// The most frequent path variants listed per flow version (`--variants`); the rest are "other".
    public var variantLimit: Int

    public init(
        month: Month, timeZone: TimeZone, flowMap: FlowMap, catalog: NetCatalog, tally: AuditTally,
        examples: FindingExamples, exampleSessions: [SessionTrace] = [],
        exampleInspections: [Int64: InspectionVerdict] = [:], previousMonths: [ReportFigures] = [], minSessions: Int = 30,
        variantLimit: Int = 10
    ) {
        self.month = month
        self.timeZone = timeZone
        self.flowMap = flowMap
        self.catalog = catalog
        self.tally = tally
        self.examples = examples
        self.exampleSessions = exampleSessions
        self.exampleInspections = exampleInspections
        self.previousMonths = previousMonths
        self.minSessions = minSessions
        self.variantLimit = variantLimit
    }

    /// The month's figures: what report.json holds.
    public func figures() -> ReportFigures {
        FigureBuilder(report: self).build()
    }

    /// Every file of the report, with its path relative to the month's folder
    /// (`index.html`, `report.json`, `report.csv`, `variants.csv`, `state-times.csv`,
    /// `sessions/S1.html`...).
    public func files() throws -> [ReportFile] {
        let figures = figures()
        let pages = exampleSessionPages()
        var files = [
            ReportFile(path: "report.json", contents: try ReportJSON.encode(figures)),
            ReportFile(path: "report.csv", contents: Data(ReportCSV.render(figures).utf8)),
            ReportFile(path: "variants.csv", contents: Data(ReportCSV.variants(figures).utf8)),
            ReportFile(path: "state-times.csv", contents: Data(ReportCSV.stateTimes(figures).utf8)),
            ReportFile(path: "index.html", contents: Data(ReportPage(figures: figures, flowMap: flowMap).render().utf8)),
        ]
        for page in pages {
            files.append(ReportFile(path: page.path, contents: Data(page.render().utf8)))
        }
        return files
    }

    /// The example sessions' pages, one per session given (each session once).
    func exampleSessionPages() -> [SessionPage] {
        var seen: Set<String> = []
        var measurer = SessionMeasurer(catalog: catalog)
        var pages: [SessionPage] = []
        for trace in exampleSessions where seen.insert(trace.session).inserted {
            let inspection = exampleInspections[trace.number]
            let verdict = measurer.measure(trace, inspection: inspection)
            pages.append(SessionPage(
                trace: trace, verdict: verdict, catalog: catalog, timeZone: timeZone, month: month.description))
        }
        return pages
    }

    /// The page of a session, relative to index.html: `sessions/S1.html`, or
    /// `sessions/n42.html` (its number) when its id is not a safe file name.
    public static func pagePath(session: String, number: Int64) -> String {
        let safe =
            !session.isEmpty && session.count <= 100 && !session.hasPrefix(".")
            && session.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
        return "sessions/" + (safe ? session : "n\(number)") + ".html"
    }
}

/// One file of a report: its path inside the month's folder and its bytes.
public struct ReportFile: Sendable, Hashable {
    public var path: String
    public var contents: Data

    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }
}

/// report.json: sorted keys, so that the same figures give the same bytes.
enum ReportJSON {
    static func encode(_ figures: ReportFigures) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(figures)
        data.append(0x0A)
        return data
    }

    static func decode(_ data: Data) throws -> ReportFigures {
        try JSONDecoder().decode(ReportFigures.self, from: data)
    }
}
