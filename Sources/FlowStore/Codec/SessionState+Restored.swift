import FlowExpression
import FlowLoading
import FlowModel
import FlowRuntime

// FlowRuntime gives `SessionState` and `Frame` no public initialisers (their memberwise
// ones are internal), so a decoder outside the module cannot build them directly. Until it
// does, these start from a prototype value made by the real `Stepper` on a tiny flow and
// set every stored property, all of which are public. Replace both bodies with the public
// initialisers once FlowRuntime has them; nothing else depends on the prototype.

extension SessionState {
    static func restored(
        id: String, journey: String, contactPoint: ContactPointInfo, customer: String, agent: Actor?,
        mode: InteractionMode, status: Status, frames: [Frame], nextSequence: Int64, startedAt: Int64,
        timers: [ArmedTimer]
    ) -> SessionState {
        var state = Prototype.session
        state.id = id
        state.journey = journey
        state.contactPoint = contactPoint
        state.customer = customer
        state.agent = agent
        state.mode = mode
        state.status = status
        state.frames = frames
        state.nextSequence = nextSequence
        state.startedAt = startedAt
        state.timers = timers
        return state
    }
}

extension Frame {
    static func restored(
        flowID: String, version: String, state: Int32, enteredAt: Int64, visit: UInt32, variables: SlotEnvironment,
        visits: [UInt16], noInputs: UInt16, noMatches: UInt16, attempts: UInt16
    ) -> Frame {
        var frame = Prototype.frame
        frame.flowID = flowID
        frame.version = version
        frame.state = state
        frame.enteredAt = enteredAt
        frame.visit = visit
        frame.variables = variables
        frame.visits = visits
        frame.noInputs = noInputs
        frame.noMatches = noMatches
        frame.attempts = attempts
        return frame
    }
}

private enum Prototype {
    static let yaml = """
        id: store.prototype
        version: "1"
        title: prototype
        business: store
        channel: ivr
        category: inquiry
        owner: store
        start: ask
        states:
          ask:
            kind: collect
            say: x
            input: { mode: dtmf, length: 1 }
            options:
              - { key: "1", to: done }
          done: { kind: end, outcome: resolved }
        """

    static let session: SessionState = {
        let loaded = FlowLibrary.load(flowText: yaml, path: "store.prototype.yaml", flowMap: nil)
        guard let flow = loaded.flows.first, let program = try? ProgramCompiler.compile(flow, version: "prototype") else {
            fatalError("the store's prototype flow does not compile: \(loaded.diagnostics.map(\.formatted))")
        }
        let start = SessionStart(
            id: "prototype", contactPoint: ContactPointInfo(code: "", business: "", channel: "", brand: "", environment: ""),
            customer: "")
        guard let outcome = try? Stepper(catalog: ProgramLibrary()).start(start, program: program, at: 0),
            !outcome.session.state.frames.isEmpty
        else { fatalError("the store's prototype session does not start") }
        return outcome.session.state
    }()

    static let frame: Frame = session.frames[0]
}
