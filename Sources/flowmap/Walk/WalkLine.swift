import FlowExpression
import Foundation
import FlowRuntime

/// One line typed in the walk-through, read: input for the contact, or a command.
enum WalkLine: Equatable {
    /// A line without a colon: input, the outcome of a task, or the text of a waited-for event,
    /// depending on the state.
    case plain(String)
    case input(String)
    case form([String: String])
    case noInput
    case noMatch
    case timeout(TimerKind?)
    case outcome(String, results: [String: Value])
    case event(String, text: String?, data: [String: Value])
    case hangup
    case agentRequest
    case override(state: String, reason: String)
    case record(state: String, note: String?)
    case after(String)
    case back
    case vars
    case help
    case quit
    /// Not understood; the reason.
    case unknown(String)

    static let commands = [
        "input", "form", "no-input", "no-match", "timeout", "outcome", "event", "hangup", "agent", "override", "record",
        "after", "back", "vars", "help", "quit",
    ]

    /// Reads a line: `:outcome ok total=128.5`, `:event sms-reply Y`, `1`.
    init(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(":") else {
            self = .plain(trimmed)
            return
        }
        let words = trimmed.dropFirst().split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let command = words.first else {
            self = .unknown("a command follows the colon: :help lists them")
            return
        }
        let arguments = Array(words.dropFirst())
        let rest = arguments.joined(separator: " ")
        switch command {
        case "input": self = .input(rest)
        case "form": self = .form(Self.fields(arguments).mapValues(\.plainText))
        case "no-input": self = .noInput
        case "no-match": self = .noMatch
        case "timeout":
            if let kind = arguments.first {
                guard let timer = TimerKind(rawValue: kind) else {
                    self = .unknown("timers are \(TimerKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    return
                }
                self = .timeout(timer)
            } else {
                self = .timeout(nil)
            }
        case "outcome":
            guard let name = arguments.first else {
                self = .unknown(":outcome needs a name, e.g. :outcome ok total=128.5")
                return
            }
            self = .outcome(name, results: Self.fields(Array(arguments.dropFirst())))
        case "event":
            guard let name = arguments.first else {
                self = .unknown(":event needs a name, e.g. :event sms-reply Y")
                return
            }
            let more = arguments.dropFirst()
            let text = more.filter { !$0.contains("=") }.joined(separator: " ")
            var data = Self.fields(more.filter { $0.contains("=") })
            if !text.isEmpty, data["text"] == nil { data["text"] = .string(text) }
            self = .event(name, text: text.isEmpty ? nil : text, data: data)
        case "hangup": self = .hangup
        case "agent", "agent-request": self = .agentRequest
        case "override":
            guard arguments.count >= 2 else {
                self = .unknown(":override needs a state and a reason, e.g. :override wrap-up customer-in-hurry")
                return
            }
            self = .override(state: arguments[0], reason: arguments.dropFirst().joined(separator: " "))
        case "record":
            guard let state = arguments.first else {
                self = .unknown(":record needs the state done outside, e.g. :record lookup-bill looked up in CRM")
                return
            }
            let note = arguments.dropFirst().joined(separator: " ")
            self = .record(state: state, note: note.isEmpty ? nil : note)
        case "after":
            guard let duration = arguments.first else {
                self = .unknown(":after needs a duration, e.g. :after 30s")
                return
            }
            self = .after(duration)
        case "back", "undo": self = .back
        case "vars": self = .vars
        case "help", "?": self = .help
        case "quit", "exit", "q": self = .quit
        default:
            self = .unknown("no command ':\(command)'\(Suggestion.clause(for: command, among: Self.commands)); :help lists them")
        }
    }

    /// `total=128.5 due-date=12月20日 ok=true`: numbers, booleans and texts by how they look.
    static func fields(_ words: [String]) -> [String: Value] {
        var values: [String: Value] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "=") else { continue }
            let name = String(word[..<equals])
            let text = String(word[word.index(after: equals)...])
            values[name] = value(text)
        }
        return values
    }

    static func value(_ text: String) -> Value {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if let integer = Int64(text) { return .int(integer) }
        if let decimal = ValueReading.decimal(text), text.contains(".") { return .decimal(decimal) }
        return .string(text)
    }
}
