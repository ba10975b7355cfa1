import FlowConformance
import Foundation

/// An audit's run over the log: every selected finished session scanned, measured and
/// counted in one `AuditTally`, with examples of each finding.
///
/// ```swift
/// let audit = try AuditCatalog(store: store)
/// let measurement = AuditMeasurement(store: store, audit: audit, selection: try selection.resolved(in: audit))
/// let result = try measurement.run()
/// print(result.tally.conformance.total.complianceRate ?? 0)
/// ```
///
/// The scanner's reader thread reads; the calling thread measures (`SessionMeasurer`) and
/// tallies. `each` sees every selected session with its verdict, for listings.
public struct AuditMeasurement: Sendable {
    public let store: AuditStore
    public let audit: AuditCatalog
    public let selection: ResolvedSelection
    public let inspections: InspectionVerdicts
    /// How many examples of each deviation type and of non-conforming steps to keep.
    public let exampleLimit: Int
    /// The scan to measure; nil: a whole scan of the selection with the store's readers.
    private let scanner: LogScanner?

    public init(
        store: AuditStore, audit: AuditCatalog, selection: ResolvedSelection, inspections: InspectionVerdicts = .none,
        exampleLimit: Int = 20
    ) {
        scanner = nil
        self.store = store
        self.audit = audit
        self.selection = selection
        self.inspections = inspections
        self.exampleLimit = exampleLimit
    }

    /// Measures what a scanner made by the caller hands on: a listing's page, say, resumed
    /// `after:` the page before, with a small read-ahead (`batchSize`, `chunkRows`).
    public init(scanner: LogScanner, inspections: InspectionVerdicts = .none, exampleLimit: Int = 20) {
        self.scanner = scanner
        store = scanner.store
        audit = scanner.audit
        selection = scanner.selection
        self.inspections = inspections
        self.exampleLimit = exampleLimit
    }

    /// Scans and measures.
    ///
    /// - Parameter each: called with every selected session and its verdict (after the
    ///   selection's owner, deviation and outcome tests); return false to stop.
    public func run(each: ((SessionTrace, SessionVerdict) throws -> Bool)? = nil) throws -> AuditResult {
        guard let each else { return try runPlaced(each: nil) }
        return try runPlaced { trace, verdict, _ in try each(trace, verdict) }
    }

    /// `run` with each session's place in the log, to resume a listing after it
    /// (`LogScanner`'s `after:`).
    public func runPlaced(each: ((SessionTrace, SessionVerdict, ScanPlace) throws -> Bool)?) throws -> AuditResult {
        let scanner = self.scanner ?? LogScanner(store: store, audit: audit, selection: selection)
        var measurer = SessionMeasurer(catalog: audit.catalog)
        var tally = AuditTally(catalog: audit.catalog, timeZone: audit.timeZone)
        var findings = FindingExamples(limit: exampleLimit)
        var measured = 0
        let filters = selection.needsVerdict
        let began = threadCPUSeconds()
        let summary = try scanner.forEachPlacedSession { trace, place in
            let verdict = measurer.measure(trace, inspection: inspections.verdict(of: trace.session))
            if filters, !selection.admits(verdict) { return true }
            measured += 1
            tally.add(verdict)
            findings.collect(verdict, of: trace)
            return try each?(trace, verdict, place) ?? true
        }
        return AuditResult(
            audit: audit, scan: summary, measuredSessions: measured, tally: tally, findings: findings,
            inspections: inspections, measuringCPUSeconds: threadCPUSeconds() - began)
    }
}

/// What an audit measured.
public struct AuditResult: Sendable {
    public let audit: AuditCatalog
    public let scan: ScanSummary
    /// Finished sessions measured and counted (the selection's, after every test).
    public let measuredSessions: Int
    public let tally: AuditTally
    public let findings: FindingExamples
    public let inspections: InspectionVerdicts
    /// CPU time of the measuring (calling) thread, seconds; the reader's is in `scan`.
    public let measuringCPUSeconds: Double
}
