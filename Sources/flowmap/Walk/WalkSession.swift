import FlowExpression
import FlowModel
import FlowRuntime

/// The walk-through of one contact: each line typed moves it on through the real
/// `Stepper`, and every contact it was in is kept, so `:back` undoes a step.
struct WalkSession {
    let library: ScenarioLibrary
    let style: TextStyle
    /// The contact after each step; the last is the current one.
    private(set) var history: [ContactDriver]

    init(library: ScenarioLibrary, start driver: ContactDriver, style: TextStyle) {
        self.library = library
        self.history = [driver]
        self.style = style
    }

    var driver: ContactDriver { history[history.count - 1] }

    /// What a typed line does: the text to print, and whether the walk is over.
    mutating func handle(_ text: String) -> (output: String, quit: Bool) {
        let line = WalkLine(text)
        switch line {
        case .quit: return ("", true)
        case .help: return (Self.help, false)
        case .vars: return (variables(), false)
        case .unknown(let reason): return (style.red("?") + " \(reason)\n", false)
        case .back:
            guard history.count > 1 else { return ("nothing to undo: this is the start\n", false) }
            history.removeLast()
            return (style.dim("(back one step)") + "\n" + position(), false)
        case .plain(let text) where text.isEmpty:
            return (position(), false)
        default:
            break
        }
        var next = driver
        var step = ContactDriver.Step()
        do {
            guard next.isActive else { return ("the contact has ended: :back undoes the last step, :quit leaves\n", false) }
            switch line {
            case .after(let text):
                guard let duration = FlowDuration(parsing: text) else { return (style.red("?") + " '\(text)' is not a duration such as 30s or 5m\n", false) }
                try next.advance(to: next.now + duration.milliseconds, into: &step)
            case .timeout(let kind):
                let timer = kind ?? Self.timerKind(for: next.state)
                guard next.armedTimer(timer) != nil else {
                    return (style.red("?") + " no \(timer.rawValue) timer is armed in state \(next.stateName)\n", false)
                }
                try next.advance(to: next.now + ScenarioRunner.stepInterval, into: &step)
                guard try next.fire(timer, into: &step) else {
                    return (style.red("?") + " no \(timer.rawValue) timer is armed in state \(next.stateName)\n", false)
                }
            default:
                guard let event = event(for: line, in: next) else {
                    return (style.red("?") + " in a \(Self.kindName(next.state)) state, type \(hint(for: next))\n", false)
                }
                try next.advance(to: next.now + ScenarioRunner.stepInterval, into: &step)
                if let problem = EventCheck.problem(event, driver: next, map: library.map) {
                    return (style.red("?") + " \(problem.happened); expected \(problem.expected)\n", false)
                }
                try next.apply(event.sessionEvent, into: &step)
            }
        } catch {
            return (style.red("refused:") + " \(error)\n", false)
        }
        history.append(next)
        return (actions(step) + position(), false)
    }

    /// The event a line stands for in the current state.
    private func event(for line: WalkLine, in driver: ContactDriver) -> StepEvent? {
        switch line {
        case .plain(let text):
            switch driver.state.model.kind {
            case .collect(let collect):
                if collect.mode == .form { return .form(WalkLine.fields(text.split(separator: " ").map(String.init)).mapValues(\.plainText)) }
                return .input(text)
            case .task, .transfer:
                let words = text.split(separator: " ").map(String.init)
                guard let name = words.first else { return nil }
                return .outcome(name, results: WalkLine.fields(Array(words.dropFirst())))
            case .wait(let wait) where wait.events.count == 1:
                return .external(wait.events[0].rawValue, text: text, data: ["text": .string(text)])
            default:
                return nil
            }
        case .input(let text): return .input(text)
        case .form(let fields): return .form(fields)
        case .noInput: return .noInput
        case .noMatch: return .noMatch
        case .outcome(let name, let results): return .outcome(name, results: results)
        case .event(let name, let text, let data): return .external(name, text: text, data: data)
        case .hangup: return .hangup
        case .agentRequest: return .agentRequest
        case .override(let state, let reason): return .override(state: state, reason: reason)
        case .record(let state, let note): return .record(state: state, note: note)
        default: return nil
        }
    }

    static func timerKind(for state: ProgramState) -> TimerKind {
        switch state.kind {
        case .collect: .input
        case .task, .transfer, .wait: .operation
        default: .sla
        }
    }

    static func kindName(_ state: ProgramState) -> String { state.model.kind.name }
}
