import FlowConformance

/// What an export wrote.
public struct ExportSummary: Sendable, Hashable {
    /// Finished sessions written.
    public var sessions = 0
    /// XES traces (segments) and events; OCEL events; CSV and JSON records.
    public var traces = 0
    public var events = 0
    /// The log's records scanned, and sessions not finished (never exported).
    public var scannedRecords = 0
    public var openSessions = 0
}

/// Exports the finished sessions of a selection (docs/auditing.md, "Exports").
///
/// ```swift
/// let scanner = LogScanner(store: store, audit: audit, selection: try selection.resolved(in: audit))
/// let output = try ExportOutput.file("demo.xes")
/// let summary = try LogExport.run(.xes, scanner: scanner, segmentsOf: [program], to: output)
/// ```
///
/// Sessions stream from the scanner to the writer; nothing holds the whole log. A
/// selection that names agents, org units, deviation types or outcomes measures each
/// session to decide. A file is in place only once the export has completed.
///
/// An export given an `ExportProgress` stops when asked (a client that went away): before
/// its next session, with its scan's reader threads, throwing `ExportError.stopped`, and
/// its output is never committed.
public enum LogExport {
    /// A selection split for an export: its flows and version choose the flow versions
    /// whose segments are written (subflows too, at any depth), and the rest chooses the
    /// sessions scanned.
    ///
    /// - Throws: `AuditError.unknownName` for a flow or a version prefix no published
    ///   version has.
    public static func scanning(_ selection: Selection, in audit: AuditCatalog) throws
        -> (sessions: ResolvedSelection, segmentsOf: Set<Int32>?)
    {
        var sessions = selection
        var programs: Set<Int32>?
        if !selection.flows.isEmpty {
            programs = Set(try selection.flows.flatMap { try audit.programs(flow: $0, version: selection.version) })
        } else if let version = selection.version {
            let matching = (0..<Int32(audit.catalog.count)).filter {
                audit.catalog.program($0).version.hasPrefix(version.lowercased())
            }
            guard !matching.isEmpty else { throw AuditError.unknownName(kind: "flow version", name: version, known: []) }
            programs = Set(matching)
        }
        sessions.flows = []
        sessions.version = nil
        return (try sessions.resolved(in: audit), programs)
    }

    /// - Parameters:
    ///   - segmentsOf: the flow versions (catalog numbers) exported, nil for all: only the
    ///     sessions with a segment of one of them, and for XES only those segments, at any
    ///     depth, become traces.
    ///   - progress: counts the sessions written; `stop()` on it stops the export.
    /// - Throws: `ExportError.stopped` when stopped, `.cannotWrite`, or what the scan throws.
    public static func run(
        _ format: ExportFormat, scanner: LogScanner, segmentsOf programs: Set<Int32>? = nil, to output: ExportOutput,
        progress: ExportProgress? = nil
    ) throws -> ExportSummary {
        let catalog = scanner.audit.catalog
        switch format {
        case .xes:
            var writer = XESWriter(
                output: output, catalog: catalog, programs: programs, stored: try StoredRecords(path: scanner.store.path))
            var summary = try run(&writer, scanner: scanner, programs: programs, output: output, progress: progress)
            summary.traces = writer.traces
            summary.events = writer.events
            return summary
        case .ocel:
            var writer = try OCELWriter(output: output, catalog: catalog, stored: try StoredRecords(path: scanner.store.path))
            var summary = try run(&writer, scanner: scanner, programs: programs, output: output, progress: progress)
            summary.events = writer.events
            return summary
        case .csv:
            var writer = CSVWriter(output: output, stored: try StoredRecords(path: scanner.store.path))
            var summary = try run(&writer, scanner: scanner, programs: programs, output: output, progress: progress)
            summary.events = writer.records
            return summary
        case .json:
            var writer = JSONRecordWriter(output: output, stored: try StoredRecords(path: scanner.store.path))
            var summary = try run(&writer, scanner: scanner, programs: programs, output: output, progress: progress)
            summary.events = writer.records
            return summary
        }
    }

    private static func run(
        _ writer: inout some LogWriter, scanner: LogScanner, programs: Set<Int32>?, output: ExportOutput,
        progress: ExportProgress?
    ) throws -> ExportSummary {
        var summary = ExportSummary()
        let selection = scanner.selection
        var measurer = selection.needsVerdict ? SessionMeasurer(catalog: scanner.audit.catalog) : nil
        try writer.begin()
        var stopped = false
        let scan = try scanner.forEachSession { trace in
            if let progress, progress.isStopped {
                stopped = true
                return false
            }
            if let programs, !trace.steps.contains(where: { programs.contains($0.program) }) { return true }
            if measurer != nil, !selection.admits(measurer!.measure(trace)) { return true }
            try writer.write(trace)
            summary.sessions += 1
            progress?.wrote()
            return true
        }
        // Not finished, not committed: `output` removes its file.
        if stopped { throw ExportError.stopped(sessions: summary.sessions) }
        try writer.finish()
        try output.commit()
        summary.scannedRecords = scan.records
        summary.openSessions = scan.openSessions
        return summary
    }
}
