import ArgumentParser
import FlowService
import Foundation

/// `flowmap adapter sms`: the SMS gateway's webhook pair.
struct AdapterSMSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sms",
        abstract: "Serve the SMS gateway's webhooks: inbound messages in, outbound texts POSTed to the gateway.",
        discussion: """
            The gateway POSTs each message to /sms/inbound (form-encoded or JSON: from, to, text, \
            message_id); the message id is the event id, so a retry is applied once. Every text the \
            flow sends is POSTed to --gateway as {"to","text","reference"}. A number's open session \
            is continued by its next message; after it has ended (the reply deadline passed), the \
            next message starts a new contact. Needs an adapter key for the sms channel.
            """
    )

    @OptionGroup var connection: ServiceConnectionOptions
    @OptionGroup var contactPoint: ContactPointOptions
    @OptionGroup var backEnd: OperationsOptions

    @Option(name: .long, help: ArgumentHelp("Where to listen (port 0: any free port, printed).", valueName: "host:port"))
    var listen = ListenAddress(host: "127.0.0.1", port: 8091)

    @Option(name: .long, help: ArgumentHelp("The gateway's URL for outbound texts.", valueName: "url"))
    var gateway: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The file that keeps each number's open session across restarts (JSON Lines, synced before a message is acknowledged).",
            valueName: "file"))
    var conversations = SMSWebhooks.defaultConversations

    func validate() throws {
        guard URL(string: gateway)?.host != nil else { throw ValidationError("--gateway must be a URL") }
        guard !conversations.isEmpty else { throw ValidationError("--conversations needs a file") }
    }

    func run() async throws {
        try await AdapterFailure.reporting {
            let client = connection.client()
            let (business, brand) = try await contactPoint.resolve(channel: "sms", with: client)
            let hooks = SMSWebhooks(
                client: client, operations: try backEnd.answers(), business: business, brand: brand,
                environment: contactPoint.environment, gateway: SMSGateway(url: URL(string: gateway)!), hostname: listen.host,
                port: listen.port, conversations: conversations)
            let host = listen.host
            try await hooks.run { port in
                FileHandle.standardOutput.write(Data("flowmap adapter sms: listening on http://\(host):\(port)/sms/inbound\n".utf8))
            }
        }
    }
}
