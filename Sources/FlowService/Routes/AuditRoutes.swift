import FlowAccess
import FlowAudit
import FlowConformance
import Foundation
import Hummingbird

/// `GET /v1/audit/traversals`, `/v1/audit/sessions/{id}`, `/v1/audit/measures`,
/// `/v1/audit/reports/{month}`, `/v1/audit/export`: the audit of `flowmap audit` over HTTP,
/// for keys with `read-audit` (qa, auditor).
///
/// Every route reads the store read-only (`AuditSource`) on a thread of its own, never
/// through the engine. The token and the key's role are checked before any parameter;
/// selection parameters are those of the CLI (`AuditQuery`).
struct AuditRoutes: Sendable {
    let host: ServiceHost
    let door: Doorkeeper
    let source: AuditSource
    /// Where exports are counted (`flowmap_audit_exports_active`, ...); none in some tests.
    let metrics: ServiceMetrics?
    /// How far an export may run ahead of what its client has been sent, bytes.
    let exportAhead: Int

    /// Where monthly reports are written and earlier months read (`reports` in serve.yaml).
    let reports: String
    /// One report written at a time: two requests for the same month would otherwise race
    /// to put their folders in place.
    private let writing = ReportWriting()

    /// - Parameter reports: the reports' folder; nil: `reports/` beside the store.
    init(
        host: ServiceHost, door: Doorkeeper, reports: String? = nil, metrics: ServiceMetrics? = nil,
        exportAhead: Int = ExportStream.defaultAhead
    ) {
        self.host = host
        self.metrics = metrics
        self.exportAhead = exportAhead
        self.door = door
        source = AuditSource(storePath: host.store.path)
        self.reports = reports ?? Self.reportsBeside(store: host.store.path)
    }

    /// `reports/` in the store's folder: where `flowmap audit report` writes by default when
    /// run beside the store.
    static func reportsBeside(store: String) -> String {
        URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("reports", isDirectory: true).path
    }

    /// `limit` of `traversals`: 100 unless told, at most 1,000.
    static let defaultLimit = 100
    static let maximumLimit = 1_000
    /// A page's scan: sessions per hand-over, rows per chunk, and the trace steps each
    /// reader may hand over ahead of the page.
    static let pageBatch = 16
    static let pageChunkRows = 4_096
    static let pageReadAhead = 256

    func register(on router: Router<BasicRequestContext>) {
        router.get("/v1/audit/traversals") { request, _ in
            await JSONResponse.answering { () async throws(ServiceError) in try await traversals(request) }
        }
        router.get("/v1/audit/sessions/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await JSONResponse.answering { () async throws(ServiceError) in try await session(request, id: id) }
        }
        router.get("/v1/audit/measures") { request, _ in
            await JSONResponse.answering { () async throws(ServiceError) in try await measures(request) }
        }
        router.get("/v1/audit/reports/{month}") { request, context in
            let month = context.parameters.get("month") ?? ""
            return await JSONResponse.answering { () async throws(ServiceError) in try await report(request, month: month) }
        }
        router.get("/v1/audit/export") { request, _ in
            await JSONResponse.answering { () async throws(ServiceError) in try await export(request) }
        }
    }

    // MARK: Traversals

    func traversals(_ request: Request) async throws(ServiceError) -> Response {
        _ = try door.admit(request, .readAudit, on: .service)
        let parameters = request.uri.queryParameters
        let limit = try Self.integer(parameters["limit"], "limit", default: Self.defaultLimit, in: 1...Self.maximumLimit)
        let query = AuditQuery(request)
        let selection = try query.selection()
        let stated = query.stated
        var cursor: TraversalCursor?
        if let text = parameters["cursor"] {
            do {
                cursor = try TraversalCursor(text: String(text), selection: stated)
            } catch {
                throw Self.badCursor(error)
            }
        }
        let given = cursor
        let page = try await run { store, audit in
            // The page before's place, once the store confirms it is this log's.
            let after: ScanPlace?
            do {
                after = try given?.place(in: store)
            } catch let invalid as TraversalCursor.Invalid {
                throw Self.badCursor(invalid)
            }
            let formatter = TraversalLine.formatter(timeZone: audit.timeZone)
            var lines: [TraversalLine] = []
            var last: ScanPlace?
            var more = false
            // Small batches, chunks and read-ahead: the readers run little ahead of a page
            // that stops early.
            let scanner = LogScanner(
                store: store, audit: audit, selection: try selection.resolved(in: audit), batchSize: Self.pageBatch,
                chunkRows: Self.pageChunkRows, readAhead: Self.pageReadAhead, after: after)
            let measurement = AuditMeasurement(scanner: scanner)
            let result = try measurement.runPlaced { trace, verdict, place in
                guard lines.count < limit else {
                    more = true
                    return false
                }
                lines.append(TraversalLine(trace: trace, verdict: verdict, audit: audit, formatter: formatter))
                last = place
                return true
            }
            var next: String?
            if more, let last { next = try TraversalCursor(after: last, selection: stated, in: store).text }
            return TraversalPage(traversals: lines, next: next, limit: limit, recordsRead: result.scan.rowsRead)
        }
        return JSONResponse.make(page)
    }

    /// 400 `bad-cursor`: a cursor this listing did not give (another store, selection, or
    /// changed).
    static func badCursor(_ error: TraversalCursor.Invalid) -> ServiceError {
        ServiceError(.badRequest, "bad-cursor", error.description, field: "cursor")
    }

    // MARK: One session

    func session(_ request: Request, id: String) async throws(ServiceError) -> Response {
        let admitted = try door.admit(request, .readAudit, on: .service)
        let source = self.source
        let path = try await run { store, audit in
            guard let (trace, finished) = try LogScanner.session(id: id, store: store, audit: audit) else {
                throw AuditError.unknownSession(id: id)
            }
            let inspections = try source.inspections()
            return SessionPath(trace: trace, finished: finished, audit: audit, inspection: inspections.bySession[id])
        }
        let customer: String?
        do {
            customer = try await source.customer(of: id)
        } catch {
            throw ServiceError(.serviceUnavailable, "storage", "the store failed: \(error)")
        }
        let masking = PIIMasking(session: nil, library: host.library, inClear: admitted.piiInClear)
        return JSONResponse.make(AuditSessionAnswer(path: path, customer: customer.map(masking.customer)))
    }

    // MARK: Measures

    func measures(_ request: Request) async throws(ServiceError) -> Response {
        _ = try door.admit(request, .readAudit, on: .service)
        let parameters = request.uri.queryParameters
        let period = try Self.choice(parameters["by"], "by", default: MeasureFigures.PeriodKind.month)
        let minSessions = try Self.integer(parameters["minSessions"], "minSessions", default: 30, in: 0...Int(Int32.max))
        let examples = try Self.integer(parameters["examples"], "examples", default: 10, in: 0...1_000)
        let selection = try AuditQuery(request).selection()
        let source = self.source
        let figures = try await run { store, audit in
            let measurement = AuditMeasurement(
                store: store, audit: audit, selection: try selection.resolved(in: audit), inspections: try source.inspections(),
                exampleLimit: examples)
            return MeasureFigures(try measurement.run(), period: period, minSessions: minSessions)
        }
        return JSONResponse.make(figures)
    }

    // MARK: The monthly report

    /// What `report` answers with: the figures, or the page.
    enum ReportFormat: String, CaseIterable, Sendable {
        case json, html
    }

    func report(_ request: Request, month text: String) async throws(ServiceError) -> Response {
        _ = try door.admit(request, .readAudit, on: .service)
        guard let month = Month(text) else {
            throw ServiceError(.badRequest, "bad-month", "'\(text)' is not a month YYYY-MM", field: "month")
        }
        let parameters = request.uri.queryParameters
        let format = try Self.choice(parameters["format"], "format", default: ReportFormat.json, code: "unknown-format")
        let minSessions = try Self.integer(parameters["minSessions"], "minSessions", default: 30, in: 1...Int(Int32.max))
        let examples = try Self.integer(parameters["examples"], "examples", default: 20, in: 0...1_000)
        let folder = reports
        let writing = self.writing
        let written = try await run { store, audit in
            // Written as `flowmap audit report --output` writes it, so that the CLI and the
            // service read each other's months for the trend.
            let run = MonthlyReportRun(
                store: store, audit: audit, month: month, output: folder, minSessions: minSessions, exampleLimit: examples)
            return try writing.one {
                try run.write { scan in
                    guard scan.selectedSessions + scan.openSessions > 0 else {
                        throw ServiceError(
                            .notFound, "unknown-month",
                            "the log holds no session started in \(month) (\(audit.timeZone.identifier))", field: "month")
                    }
                }
            }
        }
        switch format {
        case .json:
            return JSONResponse.make(written.figures)
        case .html:
            // The page without links to example sessions: their pages are files of the
            // report's folder, which the API does not serve. The figures are the same.
            var page = written.report
            page.exampleSessions = []
            let html: Data
            do {
                html = try page.files().first { $0.path == "index.html" }?.contents ?? Data()
            } catch {
                throw ServiceError(.internalServerError, "audit-failed", "the report page could not be made: \(error)")
            }
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: html)))
        }
    }

    // MARK: Exports

    func export(_ request: Request) async throws(ServiceError) -> Response {
        _ = try door.admit(request, .readAudit, on: .service)
        guard let formatText = request.uri.queryParameters["format"].map(String.init) else {
            throw ServiceError(.badRequest, "unknown-format", "give format=xes, ocel, csv or json", field: "format")
        }
        guard let format = ExportFormat(rawValue: formatText) else {
            throw ServiceError(
                .badRequest, "unknown-format", "format '\(formatText)' is not one of xes, ocel, csv, json", field: "format")
        }
        let chosen = try AuditQuery(request).selection()
        let metrics = self.metrics
        let ahead = exportAhead
        let stream = try await run { store, audit in
            // `flow` and `version` choose flow versions at any depth (subflows too), as
            // `flowmap audit export` does: for XES, only their segments become traces.
            let (sessions, programs) = try LogExport.scanning(chosen, in: audit)
            let scanner = LogScanner(store: store, audit: audit, selection: sessions)
            return try ExportStream.prepare(format, scanner: scanner, segmentsOf: programs, metrics: metrics, ahead: ahead)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: ExportStream.contentType(format),
                .contentDisposition: "attachment; filename=\"flowmap-export.\(ExportStream.fileExtension(format))\"",
            ],
            body: stream.body())
    }

    // MARK: Helpers

    /// Runs audit work off the cooperative pool; what it throws becomes an answer.
    private func run<T: Sendable>(_ body: @escaping @Sendable (AuditStore, AuditCatalog) throws -> T) async throws(ServiceError)
        -> T
    {
        do {
            return try await source.work(body)
        } catch {
            throw ServiceError(auditWork: error)
        }
    }

    /// An integer parameter within `range` (`bad-limit` for `limit`, else `bad-value`).
    static func integer(_ text: Substring?, _ name: String, default value: Int, in range: ClosedRange<Int>) throws(ServiceError)
        -> Int
    {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ServiceError(
                .badRequest, name == "limit" ? "bad-limit" : "bad-value",
                "\(name) '\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)", field: name)
        }
        return number
    }

    /// A parameter naming one of a few choices.
    static func choice<T: RawRepresentable & CaseIterable>(
        _ text: Substring?, _ name: String, default value: T, code: String = "bad-value"
    ) throws(ServiceError) -> T where T.RawValue == String {
        guard let text else { return value }
        guard let chosen = T(rawValue: String(text)) else {
            throw ServiceError(
                .badRequest, code, "\(name) '\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))",
                field: name)
        }
        return chosen
    }
}
