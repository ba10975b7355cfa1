import FlowAccess
import FlowAudit
import FlowConformance
import Foundation
import Hummingbird

/// `POST /v1/qa/campaigns`, `GET /v1/qa/campaigns/{name}`, `POST /v1/qa/inspections`,
/// `GET /v1/qa/inspections`: field-use measurement (实地运用) over HTTP, as `flowmap audit
/// sample`, `inspect` and `inspections` do it, in the QA store beside the store.
///
/// Draws and inspections need `draw-sample` and `record-inspection` (qa); reading them
/// `read-inspections` (qa, auditor). Who draws and who inspects is the key's owner, never
/// a name in the body. The session store is only read.
struct QARoutes: Sendable {
    let door: Doorkeeper
    let source: AuditSource

    init(host: ServiceHost, door: Doorkeeper) {
        self.door = door
        source = AuditSource(storePath: host.store.path)
    }

    func register(on router: Router<BasicRequestContext>) {
        router.post("/v1/qa/campaigns") { request, _ in
            await JSONResponse.answering { () async throws(ServiceError) in try await draw(request) }
        }
        router.get("/v1/qa/campaigns/{name}") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await JSONResponse.answering { () async throws(ServiceError) in try await campaign(request, name: name) }
        }
        router.post("/v1/qa/inspections") { request, _ in
            await JSONResponse.answering { () async throws(ServiceError) in try await inspect(request) }
        }
        router.get("/v1/qa/inspections") { request, _ in
            await JSONResponse.answering { () async throws(ServiceError) in try await inspections(request) }
        }
    }

    // MARK: Campaigns

    func draw(_ request: Request) async throws(ServiceError) -> Response {
        let body = try await read(CampaignBody.self, request)
        let admitted = try door.admit(request, .drawSample, on: .service)
        guard !body.campaign.isEmpty else {
            throw ServiceError(.badRequest, "bad-value", "the campaign needs a name", field: "campaign")
        }
        guard let strata = SamplingStrata(rawValue: body.by) else {
            throw ServiceError(
                .badRequest, "bad-value",
                "by '\(body.by)' is not one of \(SamplingStrata.allCases.map(\.rawValue).joined(separator: ", "))", field: "by")
        }
        guard body.size >= 1 else { throw ServiceError(.badRequest, "bad-value", "size must be 1 or more", field: "size") }
        guard body.seed <= UInt64(Int64.max) else {
            throw ServiceError(.badRequest, "bad-value", "seed must be at most \(Int64.max)", field: "seed")
        }
        let query = body.selection ?? AuditQuery()
        let selection = try query.selection()
        let drawer = admitted.key.owner
        let source = self.source
        let answer = try await run { store, audit in
            let frame = try SamplingFrame(
                scanner: LogScanner(store: store, audit: audit, selection: try selection.resolved(in: audit)), strata: strata)
            let drawn = try source.qaStore().draw(
                campaign: body.campaign, seed: body.seed, strata: strata, size: body.size, selection: query.stated,
                candidates: frame.candidates, by: drawer)
            return DrawAnswer(
                campaign: body.campaign, seed: body.seed, by: strata.rawValue, size: body.size, selection: query.stated,
                drawnBy: drawer, drawn: drawn, candidates: frame.candidates.count,
                strata: Set(frame.candidates.map(\.stratum)).count, withoutStratum: frame.withoutStratum,
                openSessions: frame.openSessions)
        }
        return JSONResponse.make(answer, status: .created)
    }

    func campaign(_ request: Request, name: String) async throws(ServiceError) -> Response {
        _ = try door.admit(request, .readInspections, on: .service)
        let source = self.source
        let answer = try await runOnStore { _ in
            let qa = try source.qaStore()
            guard let campaign = try qa.campaign(named: name) else { throw QAError.unknownCampaign(name) }
            let verdicts = try qa.currentVerdicts()
            let samples = try qa.samples(campaign: name).map { sample in
                CampaignAnswer.Sample(
                    draw: sample.draw, stratum: sample.stratum, rank: sample.rank, session: sample.session,
                    number: sample.sessionNumber, verdict: verdicts[sample.session]?.rawValue)
            }
            let draws = try qa.draws(campaign: name).map { draw in
                CampaignAnswer.Draw(
                    id: draw.id, seed: draw.seed, by: draw.strata, size: draw.size, selection: draw.selection,
                    drawnAt: QATime.text(draw.drawnAt), drawnBy: draw.drawnBy)
            }
            return CampaignAnswer(
                campaign: campaign.name, seed: campaign.seed, createdAt: QATime.text(campaign.createdAt),
                createdBy: campaign.createdBy, selection: campaign.selection, draws: draws, samples: samples,
                pending: samples.filter { $0.verdict == nil }.count)
        }
        return JSONResponse.make(answer)
    }

    // MARK: Inspections

    func inspect(_ request: Request) async throws(ServiceError) -> Response {
        let body = try await read(InspectionBody.self, request)
        let admitted = try door.admit(request, .recordInspection, on: .service)
        if body.inspector != nil {
            throw ServiceError(
                .badRequest, "unexpected-field", "the inspector is the key's owner; the body may not name one", field: "inspector")
        }
        guard let verdict = InspectionVerdict(rawValue: body.verdict) else {
            throw ServiceError(.badRequest, "bad-value", "verdict '\(body.verdict)' is not pass or fail", field: "verdict")
        }
        if verdict == .fail, (body.reason ?? "").isEmpty {
            throw ServiceError(.badRequest, "missing-field", "a fail verdict needs a reason code", field: "reason")
        }
        if let step = body.step, step < 1 {
            throw ServiceError(.badRequest, "bad-value", "steps are numbered from 1", field: "step")
        }
        let inspector = admitted.key.owner
        let source = self.source
        let inspection = try await runOnStore { store in
            guard let records = try store.recordCount(session: body.session) else {
                throw AuditError.unknownSession(id: body.session)
            }
            if let step = body.step, step > records {
                throw ServiceError(
                    .unprocessableContent, "unknown-step",
                    "session '\(body.session)' has records 1 to \(records), not \(step)", field: "step")
            }
            return try source.qaStore().record(NewInspection(
                session: body.session, step: body.step, verdict: verdict, reason: body.reason, note: body.note,
                inspector: inspector, inspectedAt: Int64(Date().timeIntervalSince1970 * 1000), supersedes: body.supersedes))
        }
        return JSONResponse.make(InspectionView(inspection, supersededBy: nil, current: inspection.step == nil), status: .created)
    }

    func inspections(_ request: Request) async throws(ServiceError) -> Response {
        _ = try door.admit(request, .readInspections, on: .service)
        let parameters = request.uri.queryParameters
        let session = parameters["session"].map(String.init)
        let campaign = parameters["campaign"].map(String.init)
        let currentOnly = try AuditRoutes.choice(parameters["current"], "current", default: Flag.no) == .yes
        let source = self.source
        let list = try await runOnStore { _ in
            let qa = try source.qaStore()
            let inspections = try qa.inspections(session: session, campaign: campaign)
            let supersededBy = try qa.supersededBy()
            // Each session's current verdict: its latest session-level inspection not superseded.
            var current: [String: Int64] = [:]
            for inspection in inspections where inspection.step == nil && supersededBy[inspection.id] == nil {
                current[inspection.session] = inspection.id
            }
            let views = inspections.map {
                InspectionView($0, supersededBy: supersededBy[$0.id], current: current[$0.session] == $0.id)
            }
            return InspectionList(inspections: currentOnly ? views.filter(\.current) : views)
        }
        return JSONResponse.make(list)
    }

    /// `current=true|false`.
    enum Flag: String, CaseIterable {
        case yes = "true"
        case no = "false"
    }

    // MARK: Helpers

    /// The body; when it does not read, the token is checked first (a caller without a
    /// usable key learns nothing about bodies).
    private func read<T: Decodable>(_ type: T.Type, _ request: Request) async throws(ServiceError) -> T {
        do {
            return try await BodyReader.read(type, from: request)
        } catch {
            _ = try door.authenticate(request)
            throw error
        }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (AuditStore, AuditCatalog) throws -> T) async throws(ServiceError)
        -> T
    {
        do {
            return try await source.work(body)
        } catch {
            throw ServiceError(auditWork: error)
        }
    }

    private func runOnStore<T: Sendable>(_ body: @escaping @Sendable (AuditStore) throws -> T) async throws(ServiceError) -> T {
        do {
            return try await source.workOnStore(body)
        } catch {
            throw ServiceError(auditWork: error)
        }
    }
}
