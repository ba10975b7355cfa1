import FlowExpression
import Foundation
import FlowModel
import FlowRuntime

/// What the walk-through prints: what the customer hears or reads, where the contact is,
/// what it waits for, and the path so far.
extension WalkSession {
    static let help = """
        Type what the customer keys, says or writes; at a task or transfer, the outcome
        (ok total=128.5); at a wait, the text of the event. Commands:
          :timeout [input|operation|sla|flow]   the armed timer falls due now
          :no-input  :no-match                   the recogniser heard nothing / could not match
          :outcome NAME [field=value ...]        a task or transfer ended so
          :event NAME [TEXT] [field=value ...]   an external event (:event sms-reply Y)
          :form field=value ...                  a web form is submitted
          :input TEXT                            input, even where a line would mean something else
          :hangup  :agent                        the customer hangs up / asks for a person
          :override STATE REASON                 guided flows: the agent jumps to a state
          :record STATE [NOTE]                   guided flows: a step done outside the engine
          :after 30s                             time passes (timers that fall due fire)
          :back  :vars  :help  :quit

        """

    /// The first lines: the flow and the contact point.
    func header(customer: String) -> String {
        let program = driver.session.programs[0]
        let point = driver.session.state.contactPoint
        var lines = [style.bold("\(program.id)  \(program.flow.title.chinese)") + "  (version \(program.flow.version), \(program.mode.rawValue))"]
        var where_ = "contact point \(point.code): \(point.business) by \(point.channel)"
        if !point.brand.isEmpty { where_ += " for \(point.brand)" }
        if !point.environment.isEmpty { where_ += ", \(point.environment)" }
        lines.append(where_ + "; customer \(customer)")
        lines.append(style.dim("Type what the customer keys or says; :help lists the commands."))
        if program.mode == .guided {
            lines.append(style.dim("Guided: the agent may :override STATE REASON, or :record STATE NOTE for a step done outside."))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What a step did that the customer (or the adapter) sees, one line each.
    func actions(_ step: ContactDriver.Step) -> String {
        var lines: [String] = []
        for action in step.raw {
            switch action {
            case .say(let prompt): lines.append("  " + style.cyan("says") + "   " + prompt.text)
            case .send(let prompt): lines.append("  " + style.cyan("sends") + "  " + prompt.text)
            case .play(let audio): lines.append("  " + style.cyan("plays") + "  " + audio)
            case .showCard(let title, let body, _, let buttons):
                var text = "【\(title?.text ?? "")】\(body?.text ?? "")"
                if !buttons.isEmpty { text += "  [" + buttons.joined(separator: " | ") + "]" }
                lines.append("  " + style.cyan("shows") + "  " + text)
            case .collect, .await: continue
            case .end(let outcome): lines.append("  " + style.bold("ends") + "   \(outcome.rawValue)")
            default: lines.append("  " + style.dim("does") + "   " + ActionText.line(action))
            }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// Where the contact is and what it waits for, then the path so far.
    func position() -> String {
        let driver = self.driver
        var lines: [String] = []
        let state = driver.state
        if !driver.isActive {
            lines.append(style.bold("ended \(driver.outcome?.rawValue ?? "")") + " in state \(driver.stateName)")
        } else {
            var head = "state " + style.bold(driver.stateName.description) + " (\(Self.kindName(state)))"
            if let title = state.model.title { head += "  \(title)" }
            lines.append(head)
            lines += waiting(driver)
        }
        lines.append(style.dim("path: " + PathText.line(driver.path)))
        return lines.joined(separator: "\n") + "\n"
    }

    private func waiting(_ driver: ContactDriver) -> [String] {
        let state = driver.state
        var lines: [String] = []
        switch state.model.kind {
        case .collect(let collect):
            var asks = "  asks   \(collect.mode.rawValue)"
            let unit = collect.mode == .dtmf ? "key" : "character"
            if let length = collect.length { asks += ", \(length) \(unit)\(length == 1 ? "" : "s")" }
            if let low = collect.minLength { asks += ", at least \(low)" }
            if let high = collect.maxLength { asks += ", at most \(high)" }
            if let terminator = collect.terminator { asks += ", ending with \(terminator)" }
            if let timeout = collect.timeout { asks += ", timeout \(timeout)" }
            lines.append(asks)
            if !collect.options.isEmpty {
                lines.append("  keys   " + collect.options.map { "\($0.key) \($0.label ?? "")".trimmingCharacters(in: .whitespaces) }.joined(separator: " | "))
            }
            if !collect.formFields.isEmpty {
                lines.append("  fields " + collect.formFields.map { "\($0.variable.name)=\($0.label)\($0.required ? "" : " (optional)")" }.joined(separator: " "))
            }
        case .task(let task):
            let outcomes = library.map?.operation(task.operation)?.allOutcomes.map(\.rawValue) ?? ["ok", "failed", "timeout"]
            lines.append("  runs   \(task.operation): which outcome? \(outcomes.joined(separator: ", "))")
            let results = library.map?.operation(task.operation)?.results.map(\.name) ?? []
            if !results.isEmpty { lines.append("         results: " + results.map { "\($0)=..." }.joined(separator: " ")) }
        case .transfer(let transfer):
            let outcomes = transfer.handoff == nil ? FlowEvent.transferOutcomes : FlowEvent.handoffOutcomes
            let what = transfer.handoff.map { "hand-off to \($0.channel)" } ?? "transfer to \(transfer.target?.description ?? "?")"
            lines.append("  \(what): which outcome? \(outcomes.map(\.rawValue).joined(separator: ", "))")
        case .wait(let wait):
            var text = "  waits  for \(wait.events.map(\.rawValue).joined(separator: ", "))"
            if let timeout = wait.timeout { text += " (:timeout after \(timeout))" }
            lines.append(text + (wait.events.count == 1 ? "; type the event's text" : "; :event NAME TEXT"))
        default:
            break
        }
        return lines
    }

    func hint(for driver: ContactDriver) -> String {
        switch driver.state.model.kind {
        case .collect: "the input"
        case .task, .transfer: "the outcome"
        case .wait: ":event NAME TEXT"
        default: "a command (:help)"
        }
    }

    /// The variables of every running flow, personal data included (this is a test contact).
    func variables() -> String {
        var lines: [String] = []
        for (index, frame) in driver.session.state.frames.enumerated() {
            let program = driver.session.programs[index]
            if driver.session.state.frames.count > 1 { lines.append(style.bold(program.id)) }
            for (slot, variable) in program.flow.variables.enumerated() {
                let value = frame.variables.isSet(slot: slot) ? Self.text(frame.variables.value(ofSlot: slot)) : "(not set)"
                lines.append("  \(variable.name) = \(value)" + (variable.pii ? style.dim("  (personal data)") : ""))
            }
            if frame.variables.isSet(slot: program.inputSlot) {
                lines.append("  input = \(Self.text(frame.variables.value(ofSlot: program.inputSlot)))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Texts quoted (so an empty one shows), numbers as written: `'本月'`, `128.5`.
    static func text(_ value: Value) -> String {
        if case .string = value { return value.description }
        return value.plainText
    }
}
