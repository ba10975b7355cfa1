import ArgumentParser
import FlowService
import Foundation

/// `flowmap adapter`: the reference channel adapters, each a client of `flowmap serve`.
struct AdapterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapter",
        abstract: "Run a reference channel adapter against flowmap serve (IVR, agent desktop, web chat, SMS).",
        discussion: """
            Each adapter talks to the engine service over HTTP/JSON with a key, as a third-party \
            channel system would: an adapter key scoped to its channel (the agent desktop: an agent \
            key). Tasks, transfers and handoffs are answered from --operations (a JSON file standing \
            for the channel's back end). See docs/integration.md.
            """,
        subcommands: [
            AdapterIVRCommand.self, AdapterAgentCommand.self, AdapterWebChatCommand.self, AdapterSMSCommand.self,
        ]
    )
}

/// `--service`, `--token`: where the engine service is and the key to call it with.
struct ServiceConnectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The engine service (flowmap serve).", valueName: "url"))
    var service = "http://127.0.0.1:8086"

    @Option(
        name: .long,
        help: ArgumentHelp("The key's token, fmk_... (default: the FLOWMAP_TOKEN environment variable).", valueName: "token"))
    var token: String?

    func validate() throws {
        guard URL(string: service)?.host != nil else { throw ValidationError("--service must be a URL, e.g. http://127.0.0.1:8086") }
        guard resolvedToken != nil else { throw ValidationError("give the key's token with --token or FLOWMAP_TOKEN") }
    }

    var resolvedToken: String? { token ?? ProcessInfo.processInfo.environment["FLOWMAP_TOKEN"] }

    func client() -> FlowServiceClient {
        FlowServiceClient(service: URL(string: service)!, token: resolvedToken ?? "")
    }
}

/// `--operations FILE`: the back end's answers to tasks, transfers and handoffs.
struct OperationsOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A JSON file: each operation's outcome and results, and how transfers and handoffs end (docs/integration.md).",
            valueName: "file"))
    var operations: String?

    func answers() throws -> OperationAnswers {
        guard let operations else { return OperationAnswers() }
        do {
            return try OperationAnswers.read(file: operations)
        } catch let error as ServiceCallError {
            throw ValidationError(error.description)
        } catch {
            throw ValidationError("\(operations): \(error.localizedDescription)")
        }
    }
}

/// The contact point a new contact starts at: a code, or its parts.
struct ContactPointOptions: ParsableArguments {
    @Option(name: .customLong("contact-point"), help: ArgumentHelp("A contact-point code (VG102).", valueName: "code"))
    var contactPoint: String?

    @Option(name: .long, help: ArgumentHelp("The business, when no code is given.", valueName: "business"))
    var business: String?

    @Option(name: .long, help: ArgumentHelp("The customer's brand, when no code is given.", valueName: "brand"))
    var brand = "gotone"

    @Option(name: .long, help: ArgumentHelp("The customer environment.", valueName: "environment"))
    var environment = "own-network"

    func validate() throws {
        guard (contactPoint == nil) != (business == nil) else {
            throw ValidationError("give either --contact-point CODE or --business NAME")
        }
    }

    /// Business, channel and brand: from the code (resolved by the service), else as given.
    func resolve(channel: String, with client: FlowServiceClient) async throws -> (business: String, brand: String) {
        guard let contactPoint else { return (business ?? "", brand) }
        let point = try await client.contactPoint(contactPoint)
        guard point.channel == channel else {
            throw ValidationError("contact point \(contactPoint) is on channel \(point.channel), not \(channel)")
        }
        return (point.business, point.brand)
    }
}

/// Adapter failures: `error: ...` on standard error and exit status 1.
enum AdapterFailure {
    static func reporting(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ServiceCallError {
            Standard.error("error: \(error.description)")
            throw ExitCode(1)
        }
    }
}

extension ActionView {
    /// One line per action for a terminal: `say: ...`, `collect: dtmf 1 2 3 9 (6 s)`.
    var terminalLine: String {
        switch type {
        case "say", "send": return "\(type): \(text ?? "")"
        case "play": return "play: \(audio ?? "")"
        case "card": return "card: \([title, text].compactMap { $0 }.joined(separator: " / "))"
        case "collect":
            let choices = (options ?? fields ?? []).joined(separator: " ")
            let wait = timeout.map { " (\(Self.seconds($0)))" } ?? ""
            return "collect: \(mode ?? "")\(choices.isEmpty ? "" : " " + choices)\(wait)"
        case "run-task": return "task: \(operation ?? "")"
        case "transfer": return "transfer: \(kind ?? "") \(target ?? "")"
        case "handoff":
            let route = [channel, business].compactMap { $0 }.joined(separator: " ") + (via.map { " via \($0)" } ?? "")
            return "handoff: \(route)" + (text.map { ": \($0)" } ?? "")
        case "await": return "await: \((events ?? []).joined(separator: " "))" + (timeout.map { " (\(Self.seconds($0)))" } ?? "")
        case "end": return "end: \(outcome ?? "")"
        default: return type
        }
    }

    static func seconds(_ milliseconds: Int64) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }
}
