import FlowAccess
import FlowModel
import FlowRuntime
import Foundation
import Hummingbird

/// `POST /v1/sessions`, `POST /v1/sessions/{id}/events`, `GET /v1/sessions/{id}`,
/// `GET /v1/sessions/{id}/actions`, `POST /v1/sessions/{id}/end`.
///
/// The token is always checked before anything about the body or the session is said;
/// then the key's role and scope for the session's channel (adapters) or assigned agent
/// (agents). The engine applies the event durably; the answer masks personal data.
struct SessionRoutes: Sendable {
    let host: ServiceHost
    let door: Doorkeeper
    let waiting: WaitingActions

    func register(on router: Router<BasicRequestContext>) {
        router.post("/v1/sessions") { request, _ in
            await JSONResponse.answering { () async throws(ServiceError) in try await start(request) }
        }
        router.post("/v1/sessions/{id}/events") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await JSONResponse.answering { () async throws(ServiceError) in try await event(request, session: id) }
        }
        router.get("/v1/sessions/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await JSONResponse.answering { () async throws(ServiceError) in try await show(request, session: id) }
        }
        router.get("/v1/sessions/{id}/actions") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await JSONResponse.answering { () async throws(ServiceError) in try await actions(request, session: id) }
        }
        router.post("/v1/sessions/{id}/end") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await JSONResponse.answering { () async throws(ServiceError) in try await end(request, session: id) }
        }
    }

    // MARK: Start

    func start(_ request: Request) async throws(ServiceError) -> Response {
        let body: StartBody
        do {
            body = try await BodyReader.read(StartBody.self, from: request)
        } catch {
            _ = try door.authenticate(request)
            throw error
        }
        let admitted = try door.admit(request, .startSession, on: .channel(body.channel))
        try checkContactPoint(body)
        let response: EventResponse
        do {
            response = try await host.engine.start(try body.request())
        } catch let error as ServiceError {
            throw error
        } catch let error as EngineError {
            throw ServiceError(error)
        } catch {
            throw ServiceError(.internalServerError, "internal", "\(error)")
        }
        return try await answer(response, piiInClear: admitted.piiInClear, status: response.replayed ? .ok : .created)
    }

    /// Every part of the contact point must be one the flow map declares.
    private func checkContactPoint(_ body: StartBody) throws(ServiceError) {
        let map = host.flowMap
        let parts: [(field: String, value: String, known: Bool)] = [
            ("business", body.business, map.business(body.business) != nil),
            ("channel", body.channel, map.channel(body.channel) != nil),
            ("brand", body.brand, map.brands.isEmpty || map.brand(body.brand) != nil),
            ("environment", body.environment, map.environment(body.environment) != nil),
        ]
        for part in parts where !part.known {
            throw ServiceError(
                .notFound, "unknown-contact-point", "the flow map has no \(part.field) '\(part.value)'", field: part.field)
        }
    }

    // MARK: Events

    func event(_ request: Request, session id: String) async throws(ServiceError) -> Response {
        let session = try await knownSession(id, request)
        let body: EventBody
        let kind: SessionEvent.Kind
        do {
            body = try await BodyReader.read(EventBody.self, from: request)
            kind = try body.event()
        } catch {
            _ = try door.authenticate(request)
            throw error
        }
        let target = AccessTarget.session(channel: session.contactPoint.channel, assignedAgent: session.agent?.id)
        let admitted = try door.admit(request, body.action, on: target)
        var actor = body.actor
        if admitted.key.role == .agent, let agent = admitted.key.scope.agent {
            actor = Actor(id: agent, role: body.actor?.role, orgUnit: body.actor?.orgUnit)
        }
        let response: EventResponse
        do {
            response = try await host.engine.send(kind, to: id, eventID: body.id, actor: actor)
        } catch {
            throw ServiceError(error)
        }
        return try await answer(response, piiInClear: admitted.piiInClear, status: .ok)
    }

    // MARK: Reading

    func show(_ request: Request, session id: String) async throws(ServiceError) -> Response {
        let session = try await knownSession(id, request)
        let target = AccessTarget.session(channel: session.contactPoint.channel, assignedAgent: session.agent?.id)
        let admitted = try door.admit(request, .readSession, on: target)
        return JSONResponse.make(try await view(of: session, piiInClear: admitted.piiInClear))
    }

    /// A session as `GET /v1/sessions/{id}` shows it (also the first event of its stream).
    func view(of session: SessionState, piiInClear: Bool) async throws(ServiceError) -> SessionView {
        let masking = PIIMasking(session: session, library: host.library, inClear: piiInClear)
        let frame = session.current
        guard let program = host.library.program(flow: frame.flowID, version: frame.version) else {
            throw ServiceError(EngineError.missingVersion(flow: frame.flowID, version: frame.version))
        }
        var variables: [String: JSONValue] = [:]
        for slot in 0..<min(program.flow.variables.count, frame.variables.values.count) where frame.variables.setMask[slot] {
            variables[program.slotName(slot)] = masking.variable(frame.variables.values[slot], pii: program.piiSlots[slot])
        }
        var ended: String?
        if case .ended(let outcome) = session.status { ended = outcome.rawValue }
        let point = session.contactPoint
        return SessionView(
            session: session.id, journey: session.journey,
            contactPoint: .init(
                code: point.code, business: point.business, channel: point.channel, brand: point.brand,
                environment: point.environment),
            customer: masking.customer(session.customer), agent: session.agent,
            status: ended == nil ? "active" : "ended", ended: ended, flow: frame.flowID, version: frame.version,
            state: program.states[Int(frame.state)].id, variables: variables,
            actions: waiting.actions(of: session.id)?.map { ActionView($0, mask: masking.apply) },
            startedAt: session.startedAt)
    }

    // MARK: Actions and end

    /// `GET /v1/sessions/{id}/actions`: what the adapter must do now (`read-session`).
    func actions(_ request: Request, session id: String) async throws(ServiceError) -> Response {
        let session = try await knownSession(id, request)
        let target = AccessTarget.session(channel: session.contactPoint.channel, assignedAgent: session.agent?.id)
        let admitted = try door.admit(request, .readSession, on: target)
        let masking = PIIMasking(session: session, library: host.library, inClear: admitted.piiInClear)
        let (actions, source) = await waitingActions(of: session)
        var ended: String?
        if case .ended(let outcome) = session.status { ended = outcome.rawValue }
        let frame = session.current
        let state = host.library.program(flow: frame.flowID, version: frame.version)?.states[Int(frame.state)].id ?? ""
        return JSONResponse.make(
            WaitingActionsAnswer(
                session: id, state: state, status: ended == nil ? "active" : "ended", ended: ended,
                actions: actions.map { ActionView($0, mask: masking.apply) }, source: source))
    }

    /// The actions the session waits on: held from its last answer through this server,
    /// else rebuilt from its state; with where they came from (`held`, `recomputed`, `ended`).
    func waitingActions(of session: SessionState) async -> (actions: [RenderedAction], source: String) {
        if !session.isActive { return (RecomputedActions.of(session, library: host.library), "ended") }
        if let held = waiting.actions(of: session.id) { return (held, "held") }
        return (RecomputedActions.of(session, library: host.library), "recomputed")
    }

    /// `POST /v1/sessions/{id}/end`: the channel ends the contact; a hang-up event with the
    /// body's id (`send-event`). A retry with the same id gets the recorded answer; ending
    /// a session that has already ended answers how it ended and changes nothing.
    func end(_ request: Request, session id: String) async throws(ServiceError) -> Response {
        let session = try await knownSession(id, request)
        let body: EndBody
        do {
            body = try await BodyReader.read(EndBody.self, from: request)
        } catch {
            _ = try door.authenticate(request)
            throw error
        }
        let target = AccessTarget.session(channel: session.contactPoint.channel, assignedAgent: session.agent?.id)
        let admitted = try door.admit(request, .sendEvent, on: target)
        let actor = admitted.key.scope.agent.map { Actor(id: $0) }
        let response: EventResponse
        do {
            response = try await host.engine.send(.hangup, to: id, eventID: body.id, actor: actor)
        } catch {
            if case .refused = error, let now = try? await host.engine.session(id), !now.isActive {
                return JSONResponse.make(EventAnswer(alreadyEnded: now, library: host.library))
            }
            throw ServiceError(error)
        }
        return try await answer(response, piiInClear: admitted.piiInClear, status: .ok)
    }

    // MARK: Helpers

    /// The session, or (once the token is known good) 404.
    func knownSession(_ id: String, _ request: Request) async throws(ServiceError) -> SessionState {
        do {
            return try await host.engine.session(id)
        } catch {
            _ = try door.authenticate(request)
            throw ServiceError(error)
        }
    }

    private func answer(_ response: EventResponse, piiInClear: Bool, status: HTTPResponse.Status) async throws(ServiceError)
        -> Response
    {
        waiting.record(response)
        let session = try? await host.engine.session(response.session)
        let masking = PIIMasking(session: session, library: host.library, inClear: piiInClear)
        return JSONResponse.make(EventAnswer(response, mask: masking.apply), status: status)
    }
}
