import Foundation
import Hummingbird
import Logging

/// The SMS adapter: the usual SMS-gateway webhook pair over the engine service's `sms` channel.
///
/// - Inbound: the gateway `POST`s each message to `/sms/inbound`, form-encoded or JSON, with
///   `from`, `to`, `text` and `message_id` (also `messageId` or `id`). The message id is the
///   event id, so a gateway's retry of the same message is applied once (and its texts are
///   not sent again). Answer: 200 `{"session", "state", "ended"?, "replayed"}`; 400 for a
///   message without a field; 502 when the service failed (the gateway should retry).
/// - Outbound: every text of the answer (`send`, `say`, a card, a handoff's message) is
///   `POST`ed to the gateway URL as `{"to", "text", "reference"}` (`SMSGateway`).
/// - One session per customer number while it is open: a message from a number whose last
///   session waits (an SMS hall `wait` state, with its 24-hour reply deadline) continues it
///   as the wait's event (`sms-reply`) or the collect's input. Once that session has ended
///   (its deadline passed and the flow closed it, or it ran to its end), the next message
///   starts a new contact at the adapter's contact point, the message as its first input:
///   the flow decides what a late reply means (the shipped SMS flows read `1` and `2` as a
///   first message too).
/// - The numbers' open sessions are kept in a file (`conversations`, JSON Lines), synced
///   before a new conversation's first message is acknowledged: a reply reaches its waiting
///   session after the adapter or the service restarted (docs/integration.md, "SMS").
/// - Steps the service takes on its own (the reply deadline's timeout, a back-office event
///   another system sends, an agent's action) reach the customer too: the adapter follows
///   each open conversation's session stream (`GET /v1/sessions/{id}/stream`) and sends the
///   texts of every step that no inbound message's answer carried (`follow`).
///
/// ```swift
/// let hooks = SMSWebhooks(client: client, operations: answers, business: "balance-inquiry",
///                         gateway: SMSGateway(url: URL(string: "http://gateway.local/send")!), port: 8091)
/// try await hooks.run()
/// ```
public struct SMSWebhooks: Sendable {
    public let client: FlowServiceClient
    public let operations: OperationAnswers
    public let business: String
    public let brand: String
    public let environment: String
    public let gateway: SMSGateway
    public let hostname: String
    public let port: Int
    public var logger: Logger
    let conversations: SMSConversations
    let followers = SMSFollowers()

    /// The default file of the open conversations, in the working directory (as
    /// `flowmap.sqlite` is for the service).
    public static let defaultConversations = "flowmap.sms-conversations.jsonl"

    /// - Parameter conversations: the file that keeps each number's open session across
    ///   restarts of the adapter (JSON Lines, one line per conversation); nil: memory only.
    public init(
        client: FlowServiceClient, operations: OperationAnswers, business: String, brand: String = "gotone",
        environment: String = "own-network", gateway: SMSGateway, hostname: String = "127.0.0.1", port: Int = 8091,
        logger: Logger? = nil, conversations: String? = SMSWebhooks.defaultConversations
    ) {
        self.conversations = SMSConversations(journal: conversations)
        self.client = client
        self.operations = operations
        self.business = business
        self.brand = brand
        self.environment = environment
        self.gateway = gateway
        self.hostname = hostname
        self.port = port
        var fallback = Logger(label: "flowmap.adapter.sms")
        fallback.logLevel = .warning
        self.logger = logger ?? fallback
    }

    /// One inbound message.
    public struct Inbound: Sendable, Hashable {
        public var from: String
        public var to: String
        public var text: String
        public var messageID: String
    }

    /// What the inbound webhook answers.
    public struct Receipt: Sendable, Hashable, Codable {
        public var session: String
        public var state: String
        public var ended: String?
        /// The message was handled before (a gateway retry): nothing was applied or sent.
        public var replayed: Bool
    }

    /// Serves the inbound webhook until the task is cancelled (or SIGTERM/SIGINT arrive).
    public func run(handlingSignals: Bool = true, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        // A conversations' file that does not read stops the adapter before it takes a message.
        try await conversations.open()
        // The conversations an earlier run left open are followed again (from now on).
        for (number, session) in try await conversations.all() { await startFollowing(session, number: number) }
        let router = Router(context: BasicRequestContext.self)
        router.post("/sms/inbound") { request, _ in
            let data: Data
            do {
                data = Data((try await request.body.collect(upTo: 64 * 1024)).readableBytesView)
            } catch {
                return Self.problem(.contentTooLarge, "body-too-large", "the message is larger than 64 KiB")
            }
            let inbound: Inbound
            switch Self.inbound(data, contentType: request.headers[.contentType] ?? "") {
            case .success(let message): inbound = message
            case .failure(let problem): return Self.problem(.badRequest, problem.code, problem.message)
            }
            do {
                return JSONResponse.make(try await receive(inbound))
            } catch let error as ServiceCallError {
                return Self.problem(.badGateway, error.code ?? "unavailable", error.description)
            } catch {
                return Self.problem(.badGateway, "unavailable", "\(error)")
            }
        }
        router.get("/health") { _, _ in "ok" }
        let app = Application(
            router: router, configuration: .init(address: .hostname(hostname, port: port), serverName: "flowmap-sms"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) }, logger: logger)
        do {
            if handlingSignals { try await app.runService() } else { try await app.runService(gracefulShutdownSignals: []) }
        } catch {
            await followers.stopAll()
            throw error
        }
        await followers.stopAll()
    }

    /// Applies one inbound message: continues the number's open session, or starts a contact.
    public func receive(_ message: Inbound) async throws(ServiceCallError) -> Receipt {
        do {
            let receipt = try await conversations.handling(message.from) { try await apply(message) }
            if receipt.ended == nil { await startFollowing(receipt.session, number: message.from) }
            return receipt
        } catch let error as ServiceCallError {
            throw error
        } catch {
            throw .unreadable("\(error)")
        }
    }

    private func apply(_ message: Inbound) async throws(ServiceCallError) -> Receipt {
        let startID = "sms-\(message.messageID)"
        var texts = 0
        let present: (ActionView) async -> Void = { action in
            guard let text = Self.text(of: action) else { return }
            texts += 1
            await send(text, to: message.from, reference: "\(message.messageID)-\(texts)")
        }
        let open: String?
        do {
            open = try await conversations.session(of: message.from)
        } catch {
            throw .unreadable("\(error)")
        }
        if let open, open != startID {
            var contact = ChannelContact(client: client, operations: operations, channel: "sms", session: open)
            do {
                // What the session waits for, as the service has it now: also after the
                // service restarted (rebuilt from the state it waits in).
                let waiting = try await client.actions(open)
                let wait = waiting.actions.last(where: \.isWait)
                let event: EventBody =
                    wait?.type == "collect"
                    ? .input(message.text, id: message.messageID)
                    : .external(wait?.events?.first ?? "sms-reply", text: message.text, id: message.messageID)
                return try await receipt(try await contact.send(event, present: present))
            } catch let error where error.code == "event-refused" || error.code == "unknown-session" {
                // The session has ended (or does not wait for a reply, or this service does
                // not have it): this message opens a new contact.
            }
        }
        var contact = ChannelContact(client: client, operations: operations, channel: "sms")
        let answer = try await contact.start(
            StartBody(
                business: business, channel: "sms", brand: brand, environment: environment, customer: message.from,
                variables: ["msisdn": .string(message.from)], session: startID, input: message.text),
            present: present)
        // On disk before the gateway hears 200: if this fails, the gateway sends the message
        // again, its start is replayed (same session id) and the number remembered then.
        do {
            try await conversations.remember(answer.session, for: message.from)
        } catch {
            throw .unreadable("\(error)")
        }
        return try await receipt(answer)
    }

    /// Where the session stands after the message. A replayed answer is the one first given to
    /// that message (the session has moved on since), so a retry is told the state as it is now.
    /// Its texts have gone out: the follower leaves its steps alone.
    private func receipt(_ answer: EventAnswer) async throws(ServiceCallError) -> Receipt {
        await conversations.present(answer.session, through: answer.lastSequence)
        guard answer.replayed else {
            return Receipt(session: answer.session, state: answer.state, ended: answer.ended, replayed: false)
        }
        let view = try await client.session(answer.session)
        return Receipt(session: view.session, state: view.state, ended: view.ended, replayed: true)
    }

    // MARK: Following

    private func startFollowing(_ session: String, number: String) async {
        await followers.start(session) { await follow(session, number: number) }
    }

    /// Follows `session`'s stream until it ends (or the adapter stops), sending `number` the
    /// texts of each step the service took on its own. Each step is looked at while no
    /// message from the number is being handled, so a step an inbound message caused, whose
    /// texts that message's answer carried, is known as sent by then (`presented`) and left
    /// alone. A connection that breaks is made again, after a pause growing to 30 s, from
    /// the last step sent: what the service did meanwhile arrives read from its log, without
    /// the step's texts (the log keeps moves, not messages), and is logged as a warning.
    func follow(_ session: String, number: String) async {
        var failures = 0
        while !Task.isCancelled {
            do {
                for try await event in client.follow(session, after: await conversations.presented(session)) {
                    failures = 0
                    switch event {
                    case .snapshot:
                        continue
                    case .step(let step):
                        try await conversations.handling(number) { try await presentOwn(step, of: session, to: number) }
                    case .end:
                        return
                    }
                }
            } catch let error as ServiceCallError where error.code != nil {
                // Refused (the session is gone from this service, or the key may not follow it).
                logger.warning("the SMS adapter stops following \(session): \(error)")
                return
            } catch {
                if Task.isCancelled { return }
                failures += 1
            }
            if Task.isCancelled { return }
            try? await Task.sleep(for: .milliseconds(min(30_000, 100 << min(failures, 9))))
        }
    }

    /// Sends the texts of a step no inbound message's answer carried.
    private func presentOwn(_ step: StepEventBody, of session: String, to number: String) async throws {
        guard step.lastSequence > (await conversations.presented(session) ?? 0) else { return }
        guard !step.fromLog else {
            logger.warning(
                "\(session): records \(step.firstSequence)-\(step.lastSequence) were taken while the adapter was not following; their texts, if any, were not sent")
            await conversations.present(session, through: step.lastSequence)
            return
        }
        await conversations.present(session, through: step.lastSequence)
        var sent = 0
        for action in step.actions {
            guard let text = Self.text(of: action) else { continue }
            sent += 1
            await send(text, to: number, reference: "\(session)-\(step.lastSequence)-\(sent)")
        }
    }

    /// Posts one text to the gateway; a gateway that does not take it is logged, not retried.
    private func send(_ text: String, to number: String, reference: String) async {
        do {
            try await gateway.send(SMSGateway.Outbound(to: number, text: text, reference: reference))
        } catch {
            logger.error("the gateway did not take \(reference): \(error)")
        }
    }

    /// The text a customer gets for an action, if any.
    static func text(of action: ActionView) -> String? {
        switch action.type {
        case "send", "say": action.text
        case "card": [action.title, action.text].compactMap { $0 }.joined(separator: "\n")
        case "handoff": action.via == nil || action.via == "sms" ? action.text : nil
        default: nil
        }
    }

    // MARK: Reading the webhook

    struct Problem: Error {
        var code: String
        var message: String
    }

    /// The message in a form-encoded or JSON body.
    static func inbound(_ data: Data, contentType: String) -> Result<Inbound, Problem> {
        var fields: [String: String] = [:]
        guard let body = String(data: data, encoding: .utf8) else {
            return .failure(Problem(code: "invalid-utf8", message: "the message is not UTF-8"))
        }
        if contentType.contains("json") {
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                return .failure(Problem(code: "malformed-json", message: "the message is not a JSON object"))
            }
            for (name, value) in object { fields[name] = "\(value)" }
        } else {
            var components = URLComponents()
            components.percentEncodedQuery = body.replacingOccurrences(of: "+", with: "%20")
            for item in components.queryItems ?? [] { fields[item.name] = item.value ?? "" }
        }
        func field(_ names: String...) -> String? { names.lazy.compactMap { fields[$0] }.first }
        guard let from = field("from", "msisdn") else { return .failure(Problem(code: "missing-field", message: "no 'from'")) }
        guard let text = field("text", "body") else { return .failure(Problem(code: "missing-field", message: "no 'text'")) }
        guard let id = field("message_id", "messageId", "id") else {
            return .failure(Problem(code: "missing-field", message: "no 'message_id'"))
        }
        return .success(Inbound(from: from, to: field("to") ?? "", text: text, messageID: id))
    }

    static func problem(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        JSONResponse.error(ServiceError(status, code, message))
    }
}
