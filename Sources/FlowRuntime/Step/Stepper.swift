import FlowExpression
import FlowModel

/// A session in memory: its state and the compiled program of each of its frames.
public struct LiveSession: Sendable {
    public var state: SessionState
    /// One program per frame, resolved once so that stepping never looks a program up.
    public var programs: [FlowProgram]

    public init(state: SessionState, programs: [FlowProgram]) {
        self.state = state
        self.programs = programs
    }
}

/// Where subflows' programs come from.
public protocol ProgramCatalog: Sendable {
    /// The version a new activation of `flow` runs: the one published now.
    func currentProgram(flow: String) -> FlowProgram?
    /// An exact version, for sessions resumed after a restart.
    func program(flow: String, version: String) -> FlowProgram?
}

/// What a session starts with.
public struct SessionStart: Sendable {
    public var id: String
    public var journey: String
    public var contactPoint: ContactPointInfo
    public var customer: String
    public var agent: Actor?
    /// Initial values by variable name (checked against the declared types).
    public var variables: [String: Value]
    /// Local hour (0-23) at the start, for `session.hour`.
    public var hour: Int

    public init(
        id: String, journey: String? = nil, contactPoint: ContactPointInfo, customer: String, agent: Actor? = nil,
        variables: [String: Value] = [:], hour: Int = 12
    ) {
        self.id = id
        self.journey = journey ?? id
        self.contactPoint = contactPoint
        self.customer = customer
        self.agent = agent
        self.variables = variables
        self.hour = hour
    }
}

/// The pure step: a session and an event in, the next session, the actions and the
/// traversal records out. No clock (times come with events), no I/O.
///
/// ```swift
/// let stepper = Stepper(catalog: programs)
/// var outcome = try stepper.start(start, program: program, at: now)
/// outcome = try stepper.apply(SessionEvent(.input("1"), at: now + 3_000), to: outcome.session)
/// ```
public struct Stepper: Sendable {
    /// The most moves one event may cause before the runtime calls it a runaway loop.
    public static let maximumMoves = 1000

    public let catalog: ProgramCatalog

    public init(catalog: ProgramCatalog) {
        self.catalog = catalog
    }

    /// Starts a session on `program` and runs it until it first waits.
    public func start(_ start: SessionStart, program: FlowProgram, at time: Int64) throws(StepError) -> StepOutcome {
        var variables = program.initialVariables
        for (name, value) in start.variables {
            guard let slot = program.flow.variableSlot(named: name) else { throw .unknownEvent("variable \(name)") }
            variables[slot] = value
        }
        variables[program.sessionSlot] = .record([
            .string(start.contactPoint.business), .string(start.contactPoint.channel), .string(start.contactPoint.brand),
            .string(start.contactPoint.environment), .string(start.contactPoint.code), .string(start.customer),
            .string(start.journey), .int(Int64(start.hour)),
        ])
        variables.unset(program.inputSlot)
        let frame = Frame(
            flowID: program.id, version: program.version, state: program.start, enteredAt: time, visit: 0,
            variables: variables, visits: Array(repeating: 0, count: program.states.count), noInputs: 0, noMatches: 0,
            attempts: 0)
        var timers: [ArmedTimer] = []
        if let limit = program.flow.timeout?.milliseconds {
            timers.append(ArmedTimer(kind: .flow, due: time + limit, depth: 0, visit: 0))
        }
        let state = SessionState(
            id: start.id, journey: start.journey, contactPoint: start.contactPoint, customer: start.customer,
            agent: start.agent, mode: program.mode, status: .active, frames: [frame], nextSequence: 1, startedAt: time,
            timers: timers)
        var run = Run(
            catalog: catalog, session: LiveSession(state: state, programs: [program]), time: time, actor: start.agent)
        try run.begin()
        return run.outcome
    }

    /// Applies one event. On error the session is unchanged.
    public func apply(_ event: SessionEvent, to session: LiveSession) throws(StepError) -> StepOutcome {
        guard session.state.isActive else { throw .sessionEnded }
        var run = Run(catalog: catalog, session: session, time: event.time, actor: event.actor ?? session.state.agent)
        try run.handle(event)
        return run.outcome
    }
}
