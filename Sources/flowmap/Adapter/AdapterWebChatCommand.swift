import ArgumentParser
import FlowService
import Foundation

/// `flowmap adapter webchat`: the WebSocket server a browser chat widget connects to.
struct AdapterWebChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webchat",
        abstract: "Serve web chat over WebSocket: each socket at /chat is one contact on the web channel.",
        discussion: """
            Connect to ws://HOST:PORT/chat?customer=NUMBER. Messages in: {"type":"input","text":...}, \
            {"type":"form","fields":{...}}, {"type":"agent-request"} or plain text. Messages out: the \
            flow's actions as JSON ({"type":"say"|"send"|"card"|"collect"|...}), errors, and \
            {"type":"ended",...} before the socket is closed. Closing the socket is a hang-up. \
            Needs an adapter key for the web channel. See docs/integration.md.
            """
    )

    @OptionGroup var connection: ServiceConnectionOptions
    @OptionGroup var contactPoint: ContactPointOptions
    @OptionGroup var backEnd: OperationsOptions

    @Option(name: .long, help: ArgumentHelp("Where to listen (port 0: any free port, printed).", valueName: "host:port"))
    var listen = ListenAddress(host: "127.0.0.1", port: 8090)

    func run() async throws {
        try await AdapterFailure.reporting {
            let client = connection.client()
            let (business, brand) = try await contactPoint.resolve(channel: "web", with: client)
            let bridge = WebChatBridge(
                client: client, operations: try backEnd.answers(), business: business, brand: brand,
                environment: contactPoint.environment, hostname: listen.host, port: listen.port)
            let host = listen.host
            try await bridge.run { port in
                FileHandle.standardOutput.write(Data("flowmap adapter webchat: listening on ws://\(host):\(port)/chat\n".utf8))
            }
        }
    }
}
