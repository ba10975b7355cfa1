import FlowExpression
import FlowModel

/// A flow compiled for running: states, events and variables are integer ids, each
/// state's transitions a table in the order they are tried.
///
/// A class: one program serves every session on its version, shared and never changed.
public final class FlowProgram: Sendable {
    public let flow: Flow
    /// The SHA-256 of the flow file's bytes (hex): the version sessions pin.
    public let version: String
    public let states: [ProgramState]
    public let handlers: [ProgramTransition]
    public let start: Int32
    /// Names of the events this program knows, by id: the built-ins, then its own.
    public let eventNames: [FlowEvent]
    /// Slots: the flow's variables, then `session`, then `input`.
    public let slotCount: Int
    public let sessionSlot: Int
    public let inputSlot: Int
    /// The initial variables: defaults where declared, zero values otherwise.
    public let initialVariables: SlotEnvironment
    /// Whether each variable slot holds personal data (masked in the traversal log).
    public let piiSlots: [Bool]
    public let mode: InteractionMode
    /// Compiled prompt templates, filled as prompts are first rendered.
    let templates = TemplateCache()

    init(
        flow: Flow, version: String, states: [ProgramState], handlers: [ProgramTransition], start: Int32,
        eventNames: [FlowEvent], initialVariables: SlotEnvironment, piiSlots: [Bool], mode: InteractionMode
    ) {
        self.flow = flow
        self.version = version
        self.states = states
        self.handlers = handlers
        self.start = start
        self.eventNames = eventNames
        self.slotCount = flow.variables.count + 2
        self.sessionSlot = FlowScope.sessionSlot(variableCount: flow.variables.count)
        self.inputSlot = FlowScope.inputSlot(variableCount: flow.variables.count)
        self.initialVariables = initialVariables
        self.piiSlots = piiSlots
        self.mode = mode
    }

    public var id: String { flow.id }

    /// The id of a state by name (for overrides and scenario files; not on the hot path).
    public func stateIndex(named name: String) -> Int32? {
        states.firstIndex { $0.id == name }.map { Int32($0) }
    }

    /// The id of an event by name: built-ins first, then the program's own. A linear scan
    /// of a few dozen short names: cheaper than hashing, and no adapter sends many.
    public func eventID(named name: String) -> EventID? {
        // Lengths first (known without reading the text): most names differ there, and a
        // full string comparison is then never started.
        let length = name.utf8.count
        for (index, event) in eventNames.enumerated() where event.rawValue.utf8.count == length && event.rawValue == name {
            return EventID(Int32(index))
        }
        return nil
    }

    public func eventName(_ id: EventID) -> String {
        eventNames.indices.contains(Int(id.rawValue)) ? eventNames[Int(id.rawValue)].rawValue : "event#\(id.rawValue)"
    }

    /// The variable name in a slot, for records and rendering.
    public func slotName(_ slot: Int) -> String {
        if slot < flow.variables.count { return flow.variables[slot].name }
        return slot == sessionSlot ? "session" : "input"
    }
}

/// One state, compiled. A class: immutable and shared, so reading one costs a retain
/// rather than a copy of every field.
public final class ProgramState: Sendable {
    public enum Kind: Sendable {
        case prompt, collect, decision, task, transfer, wait, subflow, end
    }

    public let id: String
    public let kind: Kind
    public let model: State
    /// Own transitions, in the order they are tried (bounds such as retry limits excluded).
    public let transitions: [ProgramTransition]
    public let visitLimit: Limit?
    /// No-input / no-match / attempt limits of a collect and where they lead.
    public let noInputLimit: Limit?
    public let noMatchLimit: Limit?
    public let attemptLimit: Limit?
    /// Milliseconds, for the timers this state arms on entry.
    public let inputTimeout: Int64?
    public let operationTimeout: Int64?
    public let sla: Int64?
    public let endOutcome: EndOutcome?
    /// For a subflow state: the child flow's id.
    public let subflow: String?
    /// Handlers that do not apply in this state (by handler index).
    public let exceptedHandlers: [Bool]
    /// For a collect: the validation to apply to input.
    public let validation: InputValidation?
    /// What the state says or sends on entry, and a collect's retry texts; nil when nothing.
    public let message: ProgramMessage?
    public let noInputMessage: ProgramMessage?
    public let noMatchMessage: ProgramMessage?
    /// A collect's request, ready to hand to the adapter.
    public let collectRequest: CollectRequest?
    /// A task's call.
    public let task: TaskSpec?

    init(
        id: String, kind: Kind, model: State, transitions: [ProgramTransition], visitLimit: Limit?,
        noInputLimit: Limit?, noMatchLimit: Limit?, attemptLimit: Limit?, inputTimeout: Int64?,
        operationTimeout: Int64?, sla: Int64?, endOutcome: EndOutcome?, subflow: String?, exceptedHandlers: [Bool],
        validation: InputValidation?
    ) {
        self.message = ProgramMessage(model.message)
        self.task = TaskSpec(model.kind)
        if case .collect(let collect) = model.kind {
            self.noInputMessage = collect.noInput.flatMap { ProgramMessage($0.message) }
            self.noMatchMessage = collect.noMatch.flatMap { ProgramMessage($0.message) }
            self.collectRequest = CollectRequest(
                state: id, mode: collect.mode, length: collect.length, minLength: collect.minLength,
                maxLength: collect.maxLength, terminator: collect.terminator, pattern: collect.pattern?.pattern,
                timeout: collect.timeout?.milliseconds,
                interDigitTimeout: collect.interDigitTimeout?.milliseconds,
                options: collect.options.map { CollectRequest.Option(key: $0.key, label: $0.label) },
                formFields: collect.formFields.map {
                    CollectRequest.FormField(name: $0.variable.name, label: $0.label, required: $0.required)
                },
                retry: 0)
        } else {
            self.noInputMessage = nil
            self.noMatchMessage = nil
            self.collectRequest = nil
        }
        self.id = id
        self.kind = kind
        self.model = model
        self.transitions = transitions
        self.visitLimit = visitLimit
        self.noInputLimit = noInputLimit
        self.noMatchLimit = noMatchLimit
        self.attemptLimit = attemptLimit
        self.inputTimeout = inputTimeout
        self.operationTimeout = operationTimeout
        self.sla = sla
        self.endOutcome = endOutcome
        self.subflow = subflow
        self.exceptedHandlers = exceptedHandlers
        self.validation = validation
    }
}

/// A state's message, compiled: the template texts only, shared by every prompt made from it.
public final class ProgramMessage: Sendable {
    public let say: String?
    public let send: String?
    public let audio: String?
    public let card: Card?

    public struct Card: Sendable {
        public let title: String?
        public let body: String?
        public let image: String?
        public let buttons: [String]
    }

    /// Nil for an empty message.
    init?(_ message: Message) {
        guard !message.isEmpty else { return nil }
        say = message.say?.template
        send = message.send?.template
        audio = message.audio?.template
        card = message.card.map {
            Card(title: $0.title?.template, body: $0.body?.template, image: $0.image, buttons: $0.buttons)
        }
    }
}

/// A bound: after `max` (retries, visits, attempts) the `exit` transition is taken; with
/// no exit the state keeps retrying (a collect with `no-input` but no `then`).
public struct Limit: Sendable {
    public let max: Int
    public let exit: ProgramTransition?
}

/// One transition, compiled: matching it compares an integer event id and evaluates at
/// most one guard. A class, for the same reason as `ProgramState`.
public final class ProgramTransition: Sendable {
    /// The event that triggers it; nil for entry transitions (decision branches, limits).
    public let event: EventID?
    public let guardExpression: CheckedExpression?
    public let target: Int32
    public let assignments: [ProgramAssignment]
    public let origin: TransitionOrigin
    /// Where it sits: its state's index among its transitions, or the handler's index.
    public let position: Int

    init(
        event: EventID?, guardExpression: CheckedExpression?, target: Int32, assignments: [ProgramAssignment],
        origin: TransitionOrigin, position: Int
    ) {
        self.event = event
        self.guardExpression = guardExpression
        self.target = target
        self.assignments = assignments
        self.origin = origin
        self.position = position
    }
}

/// `set: { variable: expression }`, compiled to a slot.
public struct ProgramAssignment: Sendable {
    public let slot: Int
    public let value: CheckedExpression
}

/// What input a collect accepts, checked before any option or transition sees it.
public final class InputValidation: Sendable {
    public let length: Int?
    public let minLength: Int?
    public let maxLength: Int?
    public let pattern: CheckedExpression?
    public let valid: CheckedExpression?
    public let store: Int?
    public let storeType: ExpressionType?

    init(
        length: Int?, minLength: Int?, maxLength: Int?, pattern: CheckedExpression?, valid: CheckedExpression?,
        store: Int?, storeType: ExpressionType?
    ) {
        self.length = length
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.valid = valid
        self.store = store
        self.storeType = storeType
    }
}

/// A task state's call, compiled: the operation and its arguments' expressions.
public final class TaskSpec: Sendable {
    public let operation: String
    public let arguments: [(name: String, value: CheckedExpression)]

    init?(_ kind: StateKind) {
        guard case .task(let task) = kind else { return nil }
        operation = task.operation
        arguments = task.arguments.compactMap { argument in argument.value.checked.map { (argument.name, $0) } }
    }
}
