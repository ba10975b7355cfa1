import ArgumentParser
import FlowService
import Foundation

/// `flowmap adapter agent`: the phone agent's desktop in guided mode, in the terminal.
struct AdapterAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Guide a phone agent through a session assigned to them: the proposed step, take it, override, record.",
        discussion: """
            Shows the proposed step (state, what to say, the options) of a session the phone \
            adapter started and assigned to this agent, and reads the agent's commands:
              KEY or text                  take the step: the customer's choice or answer
              :override STATE REASON       go to another state, with a reason code
              :record STATE [NOTE]         a step done outside the engine
              (empty line)                 show the session again
              :quit                        leave the desktop (the session goes on)
            While the session waits on the phone system (a task, a transfer), the desktop \
            follows the session's stream until the next step, up to --wait-limit. Needs an agent key.
            """
    )

    @OptionGroup var connection: ServiceConnectionOptions

    @Option(name: .long, help: ArgumentHelp("The session assigned to this agent.", valueName: "id"))
    var session: String

    @Option(
        name: .customLong("wait-limit"),
        help: ArgumentHelp("Seconds to wait for the phone system before asking the agent anyway.", valueName: "seconds"))
    var waitLimit = 60.0

    @Option(
        name: .customLong("poll"),
        help: ArgumentHelp(
            "Seconds between looks at the session while waiting, when the service's stream of it cannot be followed.",
            valueName: "seconds"))
    var poll = 0.2

    func run() async throws {
        try await AdapterFailure.reporting {
            var desk = AgentDesk(client: connection.client(), session: session, waitLimit: waitLimit, poll: poll)
            try await desk.run()
        }
    }
}

/// The guided-mode loop: show the proposed step, read the agent's command, send it.
struct AgentDesk {
    let client: FlowServiceClient
    let session: String
    let waitLimit: Double
    let poll: Double
    let lines = TerminalLines()
    private var counter = 0
    private let idPrefix = "desk-\(UUID().uuidString.lowercased().prefix(8))"

    init(client: FlowServiceClient, session: String, waitLimit: Double, poll: Double) {
        self.client = client
        self.session = session
        self.waitLimit = waitLimit
        self.poll = poll
    }

    mutating func run() async throws {
        var view = try await client.session(session)
        Standard.output("session \(view.session) on \(view.flow) (\(view.contactPoint.code)), agent \(view.agent?.id ?? "-")\n")
        Self.show(view)
        while view.status == "active" {
            if view.waitsOnPhoneSystem {
                view = try await waitForPhoneSystem(after: view)
                continue
            }
            if isatty(0) == 1 { Standard.output("> ") }
            let read = await lines.next(timeout: nil)
            guard case .line(let typed) = read else { break }
            let line = typed.trimmingCharacters(in: .whitespaces)
            // Piped commands are echoed, so that a transcript reads as a conversation.
            if isatty(0) != 1 { Standard.output("agent: \(line)\n") }
            if line == ":quit" { break }
            if line.isEmpty {
                view = try await client.session(session)
                Self.show(view)
                continue
            }
            guard let event = command(line) else {
                Standard.output("usage: KEY | :override STATE REASON | :record STATE [NOTE] | :quit\n")
                continue
            }
            do {
                let answer = try await client.send(event, to: session)
                if answer.ended != nil {
                    for action in answer.actions { Standard.output(action.terminalLine + "\n") }
                } else {
                    Self.show(state: answer.state, actions: answer.actions)
                }
            } catch {
                // A step the state does not take, or a command missing its part: say so, go on.
                guard error.code == "event-refused" || error.code == "missing-field" else { throw error }
                Standard.output("refused: \(error.description)\n")
            }
            view = try await client.session(session)
        }
        if view.status == "ended" { Standard.output("ended: \(view.ended ?? "-") in \(view.state)\n") }
    }

    /// The event for a typed command, or nil when it is not one.
    private mutating func command(_ line: String) -> EventBody? {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        counter += 1
        let id = "\(idPrefix)-\(counter)"
        switch words.first {
        case ":override":
            guard words.count >= 3 else { return nil }
            return .override(to: words[1], reason: words[2...].joined(separator: " "), id: id)
        case ":record":
            guard words.count >= 2 else { return nil }
            return .recordStep(words[1], note: words.count > 2 ? words[2...].joined(separator: " ") : nil, id: id)
        case .some(let first) where first.hasPrefix(":"):
            return nil
        default:
            return .input(line, id: id)
        }
    }

    /// Waits until the session moves on from the phone system's step (or the limit passes):
    /// follows the session's stream, so that the step shows as soon as the service commits
    /// it; looks at the session every `poll` seconds instead when the stream cannot be had.
    private func waitForPhoneSystem(after view: SessionView) async throws -> SessionView {
        let wait = view.actions?.last { $0.isHostsPart }
        Standard.output("waiting for the phone system: \(wait?.terminalLine ?? view.state)\n")
        let deadline = Date().addingTimeInterval(waitLimit)
        var streamed = true
        while Date() < deadline {
            let moved: Bool
            if streamed, let followed = try await following(until: deadline, from: view) {
                moved = followed
            } else {
                streamed = false
                try await Task.sleep(nanoseconds: UInt64(max(min(poll, deadline.timeIntervalSinceNow), 0) * 1e9))
                moved = true
            }
            guard moved else { break }
            let now = try await client.session(session)
            if Self.moved(now, from: view) {
                Self.show(now)
                return now
            }
        }
        Standard.output("the phone system has not answered in \(Int(waitLimit)) s: record the step or override\n")
        var asking = view
        asking.actions = nil
        return asking
    }

    /// Follows the session's stream until a step or the end comes (true) or the deadline
    /// passes (false); nil when the stream could not be followed or closed before either.
    private func following(until deadline: Date, from view: SessionView) async throws -> Bool? {
        let (client, session) = (client, session)
        return try await withThrowingTaskGroup(of: Bool?.self) { group in
            group.addTask {
                do {
                    for try await event in client.follow(session) {
                        switch event {
                        case .snapshot:
                            // A step taken between the desk's last look and the stream's start.
                            if Self.moved(try await client.session(session), from: view) { return true }
                        case .step, .end:
                            return true
                        }
                    }
                    // Closed with nothing to tell (cancelled, or a proxy that cuts streams short).
                    return Task.isCancelled ? false : nil
                } catch is CancellationError {
                    return false
                } catch {
                    // Refused or unreadable (a proxy that does not pass server-sent events):
                    // the desk polls instead; a service that cannot be reached fails the look.
                    return nil
                }
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(max(deadline.timeIntervalSinceNow, 0) * 1e9))
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// Whether the session stands elsewhere than `view` showed it.
    static func moved(_ now: SessionView, from view: SessionView) -> Bool {
        now.state != view.state || now.status != view.status || now.actions != view.actions
    }

    /// The proposed step: the state, what to say, the options or fields.
    static func show(_ view: SessionView) {
        guard view.status == "active" else { return }
        show(state: view.state, actions: view.actions ?? [])
    }

    static func show(state: String, actions: [ActionView]) {
        var lines = ["step: \(state)"]
        for action in actions where action.type != "end" {
            lines.append("  " + action.terminalLine)
        }
        Standard.output(lines.joined(separator: "\n") + "\n")
    }
}

extension SessionView {
    /// The session's last answer waits on a task, transfer or handoff: the phone system's part.
    var waitsOnPhoneSystem: Bool {
        guard status == "active", let last = actions?.last(where: \.isWait) else { return false }
        return last.isHostsPart
    }
}
