import FlowConformance
import Foundation

/// `flowmap audit report`'s work: measure a month of the store's log (read-only), read the
/// example sessions' records, read earlier months' figures under the output root, and
/// write the month's report there.
///
/// ```swift
/// let store = try AuditStore(path: "flowmap.sqlite")
/// let audit = try AuditCatalog(store: store)
/// let run = MonthlyReportRun(store: store, audit: audit, month: Month("2026-11")!, output: "reports")
/// let written = try run.write()
/// print(written.folder.path, written.figures.headline.measures.complianceRate ?? 0)
/// ```
public struct MonthlyReportRun: Sendable {
    public let store: AuditStore
    public let audit: AuditCatalog
    public let month: Month
    /// The reports' root folder: the month's report goes in `output/2026-11/`.
    public let output: String
    public let minSessions: Int
    /// How many examples of each deviation type (and of non-conforming steps) get a page.
    public let exampleLimit: Int
    /// How many path variants are listed per flow version.
    public let variantLimit: Int

    public init(
        store: AuditStore, audit: AuditCatalog, month: Month, output: String, minSessions: Int = 30, exampleLimit: Int = 20,
        variantLimit: Int = 10
    ) {
        self.store = store
        self.audit = audit
        self.month = month
        self.output = output
        self.minSessions = minSessions
        self.exampleLimit = exampleLimit
        self.variantLimit = variantLimit
    }

    /// What was written.
    public struct Written: Sendable {
        public var folder: URL
        public var figures: ReportFigures
        public var scan: ScanSummary
        public var examplePages: Int
        /// Seconds spent building and writing the report after the scan.
        public var reportSeconds: Double
        /// The report as written (with its example sessions and earlier months): a caller
        /// may render it again, e.g. without the example pages it does not serve.
        public var report: MonthlyReport
    }

    /// Measures the month and writes its report.
    ///
    /// - Parameter afterScan: runs once the month is measured, before anything is written;
    ///   what it throws stops the run with nothing written (the engine service refuses a
    ///   month without sessions this way).
    /// - Throws: `AuditError` (the store, the log), `QAError` (the QA store beside it),
    ///   `ReportError` (an earlier month's report.json, writing), or what `afterScan` throws.
    public func write(afterScan: (ScanSummary) throws -> Void = { _ in }) throws -> Written {
        let writer = ReportWriter(root: output)
        // Earlier months first: a broken one stops the run before the long scan.
        let previous = try writer.previousMonths(before: month)
        var selection = Selection()
        selection.restrict(to: try Selection.Period(month.description))
        let verdicts = try QAStore.currentVerdicts(besideStore: store.path)
        let measurement = AuditMeasurement(
            store: store, audit: audit, selection: try selection.resolved(in: audit),
            inspections: InspectionVerdicts(bySession: verdicts, hasQAStore: !verdicts.isEmpty), exampleLimit: exampleLimit)
        let result = try measurement.run()
        try afterScan(result.scan)

        let began = Date()
        var traces: [SessionTrace] = []
        var inspections: [Int64: InspectionVerdict] = [:]
        for id in Self.exampleSessionIDs(result.findings) {
            guard let found = try LogScanner.session(id: id, store: store, audit: audit) else { continue }
            traces.append(found.trace)
            if let verdict = verdicts[id] { inspections[found.trace.number] = verdict }
        }
        let report = MonthlyReport(
            month: month, timeZone: audit.timeZone, flowMap: audit.flowMap, catalog: audit.catalog, tally: result.tally,
            examples: result.findings, exampleSessions: traces, exampleInspections: inspections, previousMonths: previous,
            minSessions: minSessions, variantLimit: variantLimit)
        let files = try report.files()
        let folder = try writer.write(files, month: month)
        let figures = try ReportJSON.decode(files.first { $0.path == "report.json" }!.contents)
        return Written(
            folder: folder, figures: figures, scan: result.scan, examplePages: traces.count,
            reportSeconds: Date().timeIntervalSince(began), report: report)
    }

    /// The sessions the examples name, each once, in the order they are listed.
    static func exampleSessionIDs(_ findings: FindingExamples) -> [String] {
        var seen: Set<String> = []
        var ids: [String] = []
        for type in DeviationType.allCases {
            for example in findings.examples(of: type) where seen.insert(example.session).inserted { ids.append(example.session) }
        }
        for example in findings.steps where seen.insert(example.session).inserted { ids.append(example.session) }
        return ids
    }
}
