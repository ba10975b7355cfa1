import ArgumentParser
import FlowService
import Foundation

/// `flowmap adapter ivr`: a call to the IVR in the terminal. Prompts are printed as text,
/// the caller's DTMF digits are read from standard input.
struct AdapterIVRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ivr",
        abstract: "Take one IVR call in the terminal: prompts printed, DTMF digits read from stdin.",
        discussion: """
            Each line typed is the caller's keys (a collect's input). An empty line, or no line \
            within the input timeout, is no-input; '#hangup' or the end of stdin is a hang-up. \
            Works with stdin piped: printf '3\\n' | flowmap adapter ivr ... Tasks, transfers and \
            handoffs are answered from --operations. Needs an adapter key for the ivr channel.
            """
    )

    @OptionGroup var connection: ServiceConnectionOptions
    @OptionGroup var contactPoint: ContactPointOptions
    @OptionGroup var backEnd: OperationsOptions

    @Option(name: .long, help: ArgumentHelp("The calling number (the customer, and the flow's msisdn); none: withheld.", valueName: "number"))
    var caller: String?

    @Option(
        name: .customLong("input-timeout"),
        help: ArgumentHelp(
            "Seconds to wait for keys before no-input (default: the collect's own timeout less 1 s).", valueName: "seconds"))
    var inputTimeout: Double?

    @Option(name: .long, help: ArgumentHelp("A variable set at the start, name=value (repeatable).", valueName: "name=value"))
    var variable: [String] = []

    func validate() throws {
        if let inputTimeout, inputTimeout <= 0 { throw ValidationError("--input-timeout must be above 0") }
        for assignment in variable where !assignment.contains("=") {
            throw ValidationError("--variable \(assignment): write name=value")
        }
    }

    func run() async throws {
        try await AdapterFailure.reporting {
            let client = connection.client()
            let (business, brand) = try await contactPoint.resolve(channel: "ivr", with: client)
            var variables: [String: JSONValue] = [:]
            if let caller { variables["msisdn"] = .string(caller) }
            for assignment in variable {
                let parts = assignment.split(separator: "=", maxSplits: 1)
                variables[String(parts[0])] = .string(parts.count > 1 ? String(parts[1]) : "")
            }
            let body = StartBody(
                business: business, channel: "ivr", brand: brand, environment: contactPoint.environment,
                customer: caller ?? "withheld", variables: variables.isEmpty ? nil : variables,
                // An id of our own makes the start safe to retry.
                session: "ivr-\(UUID().uuidString.lowercased())")
            let operations = try backEnd.answers()
            var call = IVRCall(contact: ChannelContact(client: client, operations: operations, channel: "ivr"), inputTimeout: inputTimeout)
            try await call.run(body)
        }
    }
}

/// One IVR call: what the caller hears is printed, what the caller keys is read.
struct IVRCall {
    var contact: ChannelContact
    var inputTimeout: Double?
    let lines = TerminalLines()

    mutating func run(_ body: StartBody) async throws {
        let first = try await contact.client.start(body)
        Standard.output("session \(first.session) on \(first.flow)\n")
        contact = ChannelContact(client: contact.client, operations: contact.operations, channel: "ivr", session: first.session)
        var answer = try await contact.settle(first, present: Self.show)
        while answer.ended == nil, let wait = answer.waitingFor {
            // The engine arms the collect's timeout too, as a safety net; the platform's own
            // silence detection ends a second early so that its no-input comes first (the
            // engine then re-arms its timer instead of firing a second no-input).
            let seconds = inputTimeout ?? wait.timeout.map { max(0.5, Double($0) / 1000 - 1) }
            let event: EventBody
            var read = await lines.next(timeout: wait.type == "collect" ? seconds : nil)
            if case .line(let line) = read {
                let keys = line.trimmingCharacters(in: .whitespaces)
                read = keys.isEmpty ? .timeout : keys == "#hangup" ? .closed : .line(keys)
            }
            switch read {
            case .closed:
                Standard.output("caller: hangs up\n")
                event = EventBody(id: contact.nextEventID(), kind: "hangup")
            case .timeout:
                Standard.output("caller: (no input)\n")
                event = EventBody(id: contact.nextEventID(), kind: "no-input")
            case .line(let keys):
                Standard.output("caller: \(keys)\n")
                let id = contact.nextEventID()
                event = wait.type == "await" ? .external(wait.events?.first ?? "", text: keys, id: id) : .input(keys, id: id)
            }
            do {
                answer = try await contact.send(event, present: Self.show)
            } catch {
                // The state does not take this (a digit a collect cannot read): the call goes on.
                guard error.code == "event-refused" else { throw error }
                Standard.output("refused: \(error.description)\n")
            }
        }
        Standard.output("ended: \(answer.ended ?? "-") in \(answer.state)\n")
    }

    static func show(_ action: ActionView) {
        Standard.output(action.terminalLine + "\n")
    }
}
