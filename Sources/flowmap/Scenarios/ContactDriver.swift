import FlowExpression
import FlowModel
import FlowRuntime

/// One contact played through the real `Stepper`, in memory, on a clock set by hand:
/// what the scenario runner and the walk-through both drive.
///
/// A value: copying it keeps the contact as it is now (the walk-through's `:back`).
struct ContactDriver: Sendable {
    /// When every contact starts: Mon 2026-11-02 10:00 UTC+8, so logs and timers read plainly.
    static let startTime: Int64 = 1_793_584_800_000

    let stepper: Stepper
    var session: LiveSession
    /// Milliseconds since 1970.
    var now: Int64
    /// Every record since the start.
    var records: [TraversalRecord]

    /// What one step did: the records and the rendered actions, timers that fell due included.
    struct Step: Sendable {
        var records: [TraversalRecord] = []
        var actions: [RenderedAction] = []
        var raw: [Action] = []

        mutating func append(actions new: [Action], records added: [TraversalRecord]) {
            records += added
            raw += new
            actions += new.map(RenderedAction.init)
        }
    }

    /// Starts a contact; the step holds what the start did (prompts, the first question).
    static func start(
        program: FlowProgram, catalog: ProgramCatalog, contactPoint: ContactPointInfo, customer: String,
        agent: Actor?, variables: [String: Value], hour: Int, firstInput: String?, operations: [Operation],
        id: String = "scenario"
    ) throws(StepError) -> (ContactDriver, Step) {
        let stepper = Stepper(catalog: catalog)
        // The text that opened the contact (an SMS to the SMS hall) is the flow's first `input`.
        let start = SessionStart(
            id: id, contactPoint: contactPoint, customer: customer, agent: agent, variables: variables, hour: hour,
            input: firstInput)
        var step = Step()
        let outcome = try stepper.start(start, program: program, at: startTime)
        step.append(actions: outcome.actions, records: outcome.records)
        return (ContactDriver(stepper: stepper, session: outcome.session, now: startTime, records: outcome.records), step)
    }

    var isActive: Bool { session.state.isActive }

    var outcome: EndOutcome? {
        if case .ended(let outcome) = session.state.status { return outcome }
        return nil
    }

    /// The running flow's program and state.
    var program: FlowProgram { session.programs[session.programs.count - 1] }
    var state: ProgramState { program.states[Int(session.state.current.state)] }

    /// The current state as scenarios name it.
    var stateName: StateName {
        StateName(flow: session.state.frames.count > 1 ? program.id : nil, state: state.id)
    }

    /// Applies an event now; on refusal nothing changes.
    mutating func apply(_ kind: SessionEvent.Kind, actor: Actor? = nil, into step: inout Step) throws(StepError) {
        let result = try stepper.apply(SessionEvent(kind, at: now, actor: actor), to: &session)
        records += result.records
        step.append(actions: result.actions, records: result.records)
    }

    /// Moves the clock to `time`, firing the timers that fall due on the way, earliest first,
    /// as the engine does.
    mutating func advance(to time: Int64, into step: inout Step) throws(StepError) {
        var fired: Set<ArmedTimer> = []
        while isActive, let timer = session.state.timers.filter({ $0.due <= time && !fired.contains($0) }).min(by: { $0.due < $1.due }) {
            fired.insert(timer)
            now = max(now, timer.due)
            try apply(.timer(timer.kind, depth: timer.depth, visit: timer.visit), into: &step)
        }
        now = max(now, time)
    }

    /// The armed timer of `kind` that belongs to the running state, if any.
    func armedTimer(_ kind: TimerKind) -> ArmedTimer? {
        let depth = session.state.frames.count - 1
        let timers = session.state.timers.filter { $0.kind == kind }
        return timers.first { $0.depth == depth && $0.visit == session.state.current.visit } ?? timers.first
    }

    /// Lets the armed timer of `kind` fall due now, whenever it was set to: a scenario
    /// tests what the timer does without waiting out every other timer on the way.
    mutating func fire(_ kind: TimerKind, into step: inout Step) throws(StepError) -> Bool {
        guard let timer = armedTimer(kind) else { return false }
        try apply(.timer(timer.kind, depth: timer.depth, visit: timer.visit), into: &step)
        return true
    }

    /// Every state entered so far, in order (retries and unanswered timers left out).
    var path: [StateName] { Self.entered(records) }

    static func entered(_ records: [TraversalRecord]) -> [StateName] {
        records.compactMap { record in
            guard let to = record.to, !isStay(record) else { return nil }
            return StateName(flow: record.depth > 0 ? record.flow : nil, state: to)
        }
    }

    /// A record of no move: a retry, or an SLA timer nothing handles.
    static func isStay(_ record: TraversalRecord) -> Bool {
        record.trigger.kind == .retry || (record.fromState == record.toState && record.trigger.transition == nil)
    }

    /// The value of a variable in the innermost running frame of `flow` (nil: the session's flow).
    func variable(_ name: String, flow: String?) -> (value: Value, isSet: Bool)? {
        let index: Int?
        if let flow {
            index = session.state.frames.lastIndex { $0.flowID == flow }
        } else {
            index = 0
        }
        guard let index, let slot = session.programs[index].flow.variableSlot(named: name) else { return nil }
        let variables = session.state.frames[index].variables
        return (variables.value(ofSlot: slot), variables.isSet(slot: slot))
    }
}
