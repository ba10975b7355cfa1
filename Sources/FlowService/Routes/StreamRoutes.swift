import FlowAccess
import FlowRuntime
import Foundation
import Hummingbird
import ServiceLifecycle

/// `GET /v1/sessions/{id}/stream`: the session's steps as server-sent events, as they are
/// committed, for agent desktops (`stream-session`: adapters on their channels, agents
/// in sessions assigned to them).
///
/// ```
/// event: snapshot          the session as GET /v1/sessions/{id} shows it (always first)
/// id: 4
/// data: {"session": ..., "state": "read-balance", ...}
///
/// event: step              one committed step: state, ended, actions (masked), records
/// id: 5
/// data: {"state": "send-balance-sms", "records": [{"sequence": 5, ...}], ...}
///
/// : keep-alive             every 15 s while nothing happens
///
/// event: end               the session ended; the stream closes
/// data: {"outcome": "resolved", ...}
/// ```
///
/// `id` is the last log sequence the event covers. A client reconnecting with
/// `Last-Event-ID: N` gets the snapshot, then one `step` with every record after N read
/// from the store's traversal log (`fromLog: true`), then live steps: nothing is lost
/// however long it was away, as the log keeps everything.
///
/// The engine never waits for a reader: each stream's listener only yields into a bounded
/// buffer (`capacity` steps, newest kept). A client that falls behind loses live steps
/// from that buffer, and the stream notices the gap in sequences and sends the missing
/// records from the log instead (`fromLog: true`), so it still sees every record.
struct StreamRoutes: Sendable {
    let sessions: SessionRoutes
    /// Between keep-alive comments.
    var heartbeat: Duration = .seconds(15)
    /// Live steps buffered per stream before the oldest are dropped.
    var capacity = 64

    var host: ServiceHost { sessions.host }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/v1/sessions/{id}/stream") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await JSONResponse.answering { () async throws(ServiceError) in try await stream(request, session: id) }
        }
    }

    /// Checks the token, `Last-Event-ID`, then `stream-session` on the session; the stream
    /// itself starts once the response is being written.
    func stream(_ request: Request, session id: String) async throws(ServiceError) -> Response {
        let session = try await sessions.knownSession(id, request)
        let after: Int64?
        do {
            after = try Self.lastEventID(of: request)
        } catch {
            _ = try sessions.door.authenticate(request)
            throw error
        }
        let target = AccessTarget.session(channel: session.contactPoint.channel, assignedAgent: session.agent?.id)
        let piiInClear = try sessions.door.admit(request, .streamSession, on: target).piiInClear
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await follow(session: id, after: after, piiInClear: piiInClear, writer: &writer)
            })
    }

    static func lastEventID(of request: Request) throws(ServiceError) -> Int64? {
        guard let text = request.headers[.init("Last-Event-ID")!]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let sequence = Int64(text), sequence >= 0 else {
            throw ServiceError(
                .badRequest, "wrong-type", "'Last-Event-ID' is not a log sequence (a whole number): '\(text)'",
                field: "Last-Event-ID")
        }
        return sequence
    }

    // MARK: The stream

    private enum Item: Sendable {
        case step(StepNotice)
        case heartbeat
    }

    /// Subscribes first (so no step falls between the snapshot and the live steps), writes
    /// the snapshot and what the client missed, then each live step until the session ends
    /// or the client goes away (a write fails); unsubscribes on every way out.
    private func follow(
        session id: String, after: Int64?, piiInClear: Bool, writer: inout any ResponseBodyWriter
    ) async throws {
        let (items, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingNewest(capacity))
        let steps = host.steps
        let subscription = steps.subscribe(session: id) { continuation.yield(.step($0)) }
        let beats = Task { [heartbeat] in
            while !Task.isCancelled {
                try? await Task.sleep(for: heartbeat)
                continuation.yield(.heartbeat)
            }
        }
        defer {
            beats.cancel()
            steps.unsubscribe(subscription)
            continuation.finish()
        }

        let first = try await opening(session: id, after: after, piiInClear: piiInClear)
        for event in first.events { try await writer.write(event) }
        var last = first.lastSequence
        var ended = first.ended
        // A graceful shutdown ends the stream without an `end` event: the client reconnects
        // (with Last-Event-ID) to the server that takes over.
        if ended == nil {
            try await withGracefulShutdownHandler {
                try await followLive(items, after: &last, ended: &ended, piiInClear: piiInClear, writer: &writer)
            } onGracefulShutdown: {
                continuation.finish()
            }
        }
        if let ended {
            try await writer.write(
                ServerSentEvent.frame(event: "end", id: nil, data: StreamEndBody(session: id, outcome: ended, lastSequence: last)))
        }
        // Unsubscribed before the client sees the end of the stream.
        steps.unsubscribe(subscription)
        try await writer.finish(nil)
    }

    /// Writes each live step (and keep-alive) until the session ends or the items stop.
    private func followLive(
        _ items: AsyncStream<Item>, after last: inout Int64, ended: inout String?, piiInClear: Bool,
        writer: inout any ResponseBodyWriter
    ) async throws {
        loop: for await item in items {
            switch item {
            case .heartbeat:
                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
            case .step(let notice):
                let response = notice.response
                // Already in the snapshot or the records read from the log.
                if response.lastSequence != 0, response.lastSequence <= last { continue }
                let body = try await stepBody(notice, after: last, piiInClear: piiInClear)
                try await writer.write(
                    ServerSentEvent.frame(event: "step", id: body.lastSequence == 0 ? nil : body.lastSequence, data: body))
                last = max(last, body.lastSequence)
                if let outcome = response.ended {
                    ended = outcome.rawValue
                    break loop
                }
            }
        }
    }

    /// The snapshot, then (after a reconnect) the records after `after` from the log.
    private func opening(session id: String, after: Int64?, piiInClear: Bool) async throws
        -> (events: [ByteBuffer], lastSequence: Int64, ended: String?)
    {
        let state = try await host.engine.session(id)
        let log = try await host.store.log(session: id)
        let last = log.last?.sequence ?? 0
        let view = try await sessions.view(of: state, piiInClear: piiInClear)
        var events = [ServerSentEvent.frame(event: "snapshot", id: last, data: view)]
        if let after, after < last {
            let missed = log.filter { $0.sequence > after }.map(RecordView.init)
            let masking = PIIMasking(session: state, library: host.library, inClear: piiInClear)
            let (actions, _) = await sessions.waitingActions(of: state)
            let body = StepEventBody(
                session: id, flow: view.flow, state: view.state, ended: view.ended,
                actions: actions.map { ActionView($0, mask: masking.apply) }, records: missed,
                firstSequence: missed.first?.sequence ?? 0, lastSequence: last, fromLog: true)
            events.append(ServerSentEvent.frame(event: "step", id: last, data: body))
        }
        return (events, last, view.ended)
    }

    /// A live step as the stream sends it; when steps were dropped before it (this stream
    /// fell behind), the records in between come from the log.
    private func stepBody(_ notice: StepNotice, after last: Int64, piiInClear: Bool) async throws -> StepEventBody {
        let response = notice.response
        let state = try? await host.engine.session(response.session)
        let masking = PIIMasking(session: state, library: host.library, inClear: piiInClear)
        var records = notice.records.map(RecordView.init)
        var fromLog = false
        if response.firstSequence > last + 1 {
            let missed = try await host.store.log(session: response.session).filter {
                $0.sequence > last && $0.sequence < response.firstSequence
            }
            records = missed.map(RecordView.init) + records
            fromLog = true
        }
        return StepEventBody(
            session: response.session, flow: response.flow, state: response.state, ended: response.ended?.rawValue,
            actions: response.actions.map { ActionView($0, mask: masking.apply) }, records: records,
            firstSequence: records.first?.sequence ?? 0, lastSequence: response.lastSequence, fromLog: fromLog)
    }
}

/// The text/event-stream framing: `event:`, `id:`, one `data:` line of JSON, a blank line.
enum ServerSentEvent {
    static func frame<T: Encodable>(event: String, id: Int64?, data: T) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSONEncoder writes no raw line breaks (they are escaped in strings), so the JSON is one data line.
        let json = (try? encoder.encode(data)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        var text = "event: \(event)\n"
        if let id { text += "id: \(id)\n" }
        text += "data: \(json)\n\n"
        return ByteBuffer(string: text)
    }
}
