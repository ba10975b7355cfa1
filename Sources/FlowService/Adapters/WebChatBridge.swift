import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging

/// The web-chat adapter: a WebSocket server a browser chat widget connects to, bridging
/// each socket to one contact on the `web` channel of the engine service.
///
/// - A socket at `/chat?customer=13800138000` starts a contact (the customer, and the
///   flow's `msisdn`: in production the web hall's login supplies them).
/// - Messages in are the customer's events: `{"type": "input", "text": "alert"}`,
///   `{"type": "form", "fields": {"alert_threshold": "20"}}`, `{"type": "agent-request"}`,
///   `{"type": "no-input"}`, or plain text (an input).
/// - Messages out: first `{"type": "started", "session"}` (a reference for the customer),
///   then the flow's actions as the API shows them (`say`, `send`, `card`,
///   `collect`, `handoff`, `transfer`, `end`; never `run-task`, whose arguments are the
///   host's), an `{"type": "error", "code", "message"}` for a refused message, and
///   `{"type": "ended", "session", "outcome", "state"}` before the bridge closes the socket.
/// - Closing the socket before the end is a hang-up.
///
/// ```swift
/// let bridge = WebChatBridge(client: client, operations: answers, business: "balance-inquiry", port: 8090)
/// try await bridge.run { port in print("chat on ws://127.0.0.1:\(port)/chat") }
/// ```
public struct WebChatBridge: Sendable {
    public let client: FlowServiceClient
    public let operations: OperationAnswers
    public let business: String
    public let brand: String
    public let environment: String
    public let hostname: String
    public let port: Int
    public var logger: Logger

    public init(
        client: FlowServiceClient, operations: OperationAnswers, business: String, brand: String = "gotone",
        environment: String = "own-network", hostname: String = "127.0.0.1", port: Int = 8090, logger: Logger? = nil
    ) {
        self.client = client
        self.operations = operations
        self.business = business
        self.brand = brand
        self.environment = environment
        self.hostname = hostname
        self.port = port
        var fallback = Logger(label: "flowmap.adapter.webchat")
        fallback.logLevel = .warning
        self.logger = logger ?? fallback
    }

    /// Serves until the task is cancelled (or, with `handlingSignals`, SIGTERM/SIGINT arrive).
    public func run(handlingSignals: Bool = true, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let sockets = Router(context: BasicWebSocketRequestContext.self)
        sockets.ws("/chat") { inbound, outbound, context in
            let customer = context.request.uri.queryParameters.get("customer")
            await converse(customer: customer, inbound: inbound, outbound: outbound)
        }
        let pages = Router(context: BasicRequestContext.self)
        pages.get("/health") { _, _ in "ok" }
        let app = Application(
            router: pages, server: .http1WebSocketUpgrade(webSocketRouter: sockets),
            configuration: .init(address: .hostname(hostname, port: port), serverName: "flowmap-webchat"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) }, logger: logger)
        if handlingSignals { try await app.runService() } else { try await app.runService(gracefulShutdownSignals: []) }
    }

    /// One socket, one contact.
    func converse(customer: String?, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let present: (ActionView) async -> Void = { action in
            guard action.type != "run-task", action.type != "await" else { return }
            await Self.write(action, to: outbound)
        }
        var contact: ChannelContact
        var answer: EventAnswer
        do {
            let first = try await client.start(
                StartBody(
                    business: business, channel: "web", brand: brand, environment: environment,
                    customer: customer ?? "anonymous", variables: customer.map { ["msisdn": .string($0)] },
                    session: "web-\(UUID().uuidString.lowercased())"))
            await Self.write(ChatNotice(type: "started", session: first.session), to: outbound)
            contact = ChannelContact(client: client, operations: operations, channel: "web", session: first.session)
            answer = try await contact.settle(first, present: present)
        } catch {
            await Self.write(ChatNotice(error), to: outbound)
            try? await outbound.close(.unexpectedServerError, reason: "the contact could not start")
            return
        }
        do {
            if answer.ended == nil {
                for try await message in inbound.messages(maxSize: 64 * 1024) {
                    guard case .text(let text) = message else { continue }
                    let id = contact.nextEventID()
                    do {
                        answer = try await contact.send(Self.event(text, id: id), present: present)
                    } catch {
                        await Self.write(ChatNotice(error), to: outbound)
                    }
                    if answer.ended != nil { break }
                }
            }
        } catch {
            logger.debug("chat socket failed: \(error)")
        }
        if let outcome = answer.ended {
            await Self.write(ChatNotice(type: "ended", session: answer.session, outcome: outcome, state: answer.state), to: outbound)
            try? await outbound.close(.normalClosure, reason: nil)
        } else {
            // The customer closed the chat: a hang-up.
            let id = contact.nextEventID()
            _ = try? await contact.send(EventBody(id: id, kind: "hangup"), present: { _ in })
        }
    }

    /// The customer's event for a message from the widget.
    static func event(_ text: String, id: String) -> EventBody {
        guard let data = text.data(using: .utf8), let message = try? JSONDecoder().decode(ChatMessage.self, from: data) else {
            return .input(text, id: id)
        }
        switch message.type {
        case "form": return .form(message.fields ?? [:], id: id)
        case "input": return .input(message.text ?? "", id: id)
        default: return EventBody(id: id, kind: message.type)
        }
    }

    private static func write<T: Encodable>(_ value: T, to outbound: WebSocketOutboundWriter) async {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return }
        try? await outbound.write(.text(String(decoding: data, as: UTF8.self)))
    }
}

/// A message from the chat widget.
struct ChatMessage: Decodable {
    var type: String
    var text: String?
    var fields: [String: String]?
}

/// A message to the widget that is not a flow action: an error, or the end.
struct ChatNotice: Encodable {
    var type: String
    var session: String?
    var code: String?
    var message: String?
    var outcome: String?
    var state: String?

    init(type: String, session: String, outcome: String? = nil, state: String? = nil) {
        self.type = type
        self.session = session
        self.outcome = outcome
        self.state = state
    }

    init(_ error: ServiceCallError) {
        type = "error"
        code = error.code ?? "unavailable"
        message = error.description
    }
}
