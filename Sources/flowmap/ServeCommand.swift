import ArgumentParser
import FlowService
import Foundation

/// `flowmap serve`: the engine over HTTP/JSON for channel adapters, agents, QA and auditors.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the engine over HTTP/JSON (sessions, contact points, health).",
        discussion: """
            Publishes the library into the store (as simulate does), opens the engine on the store \
            (every step durable before it is answered), runs its timers and serves the API. Every /v1 \
            route needs 'Authorization: Bearer fmk_...' with a key from 'flowmap keys create' (the key \
            store beside the store). See docs/service.md.
            """
    )

    @Option(help: "The SQLite store (created if missing).")
    var store = "flowmap.sqlite"

    @Option(help: "The flow library: a folder with flowmap.yaml and the flows.")
    var library = "Flows"

    @Option(name: .customLong("key-store"), help: "The key store (default: flowmap.keys.sqlite beside the store).")
    var keyStore: String?

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed).")
    var port = 8086

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
    }

    func run() async throws {
        let serviceHost: ServiceHost
        do {
            serviceHost = try ServiceHost.open(library: library, store: store, keyStore: keyStore)
        } catch let error as ServiceHostError {
            throw ValidationError(error.description)
        }
        defer { serviceHost.close() }
        let changed = serviceHost.published.filter { $0.status != .unchanged }.count
        FileHandle.standardOutput.write(
            Data("Published \(serviceHost.published.count) documents to \(store) (\(changed) new or changed).\n".utf8))
        let host = self.host
        try await ServiceApp(host: serviceHost, hostname: host, port: port).run { port in
            // Written straight to the file descriptor: a pipe reader sees it at once.
            FileHandle.standardOutput.write(Data("flowmap serve: listening on http://\(host):\(port)\n".utf8))
        }
    }
}
