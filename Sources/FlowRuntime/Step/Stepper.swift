import FlowExpression
import FlowModel

/// A session in memory: its state and the compiled program of each of its frames.
public struct LiveSession: Sendable {
    public var state: SessionState
    /// One program per frame, resolved once so that stepping never looks a program up.
    public var programs: [FlowProgram]
    /// What the session's records share, made once.
    public let context: SessionContext

    public init(state: SessionState, programs: [FlowProgram]) {
        self.state = state
        self.programs = programs
        self.context = SessionContext(
            session: state.id, journey: state.journey, contactPoint: state.contactPoint.code,
            channel: state.contactPoint.channel)
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
    /// The text that opened the contact (an SMS to the SMS hall), seen as `input`.
    public var input: String?

    public init(
        id: String, journey: String? = nil, contactPoint: ContactPointInfo, customer: String, agent: Actor? = nil,
        variables: [String: Value] = [:], hour: Int = 12, input: String? = nil
    ) {
        self.id = id
        self.journey = journey ?? id
        self.contactPoint = contactPoint
        self.customer = customer
        self.agent = agent
        self.variables = variables
        self.hour = hour
        self.input = input
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

    private let catalogReference: CatalogReference
    public var catalog: ProgramCatalog { catalogReference.catalog }

    public init(catalog: ProgramCatalog) {
        catalogReference = CatalogReference(catalog)
    }

    /// Starts a session on `program` and runs it until it first waits.
    public func start(_ start: SessionStart, program: FlowProgram, at time: Int64) throws(StepError) -> StepOutcome {
        var variables = program.initialVariables
        for (name, value) in start.variables {
            guard let slot = program.flow.variableSlot(named: name) else { throw .unknownVariable(name) }
            let type = program.flow.variables[slot].type
            guard let fitted = Run.fit(value, to: type) else { throw .invalidValue(variable: name, expected: "\(type)") }
            variables[slot] = fitted
        }
        variables[program.sessionSlot] = .record([
            .string(start.contactPoint.business), .string(start.contactPoint.channel), .string(start.contactPoint.brand),
            .string(start.contactPoint.environment), .string(start.contactPoint.code), .string(start.customer),
            .string(start.journey), .int(Int64(start.hour)),
        ])
        if let input = start.input {
            variables[program.inputSlot] = .string(input)
        } else {
            variables.unset(program.inputSlot)
        }
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
        var session = LiveSession(state: state, programs: [program])
        let (actions, records) = withUnsafeMutablePointer(to: &session) { pointer in
            var run = Run(catalog: catalogReference, session: pointer, time: time, actor: start.agent)
            run.begin()
            return (run.actions, run.records)
        }
        return StepOutcome(session: session, actions: actions, records: records)
    }

    /// Applies one event to a session in place: the fast form, which copies nothing.
    /// On error the session is unchanged: every refusal is decided before anything moves.
    public func apply(_ event: SessionEvent, to session: inout LiveSession) throws(StepError) -> StepResult {
        guard session.state.isActive else { throw .sessionEnded }
        let actor = event.actor ?? (event.kind.isPersonal ? session.state.agent : nil)
        let result: Result<StepResult, StepError> = withUnsafeMutablePointer(to: &session) { pointer in
            var run = Run(catalog: catalogReference, session: pointer, time: event.time, actor: actor)
            do throws(StepError) {
                try run.handle(event)
            } catch {
                return .failure(error)
            }
            return .success(StepResult(actions: run.actions, records: run.records))
        }
        return try result.get()
    }

    /// Applies one event to a copy of the session.
    public func apply(_ event: SessionEvent, to session: LiveSession) throws(StepError) -> StepOutcome {
        var session = session
        let result = try apply(event, to: &session)
        return StepOutcome(session: session, actions: result.actions, records: result.records)
    }
}

/// The catalog behind one reference, so that each step retains it once instead of copying it.
final class CatalogReference: Sendable {
    let catalog: any ProgramCatalog

    init(_ catalog: any ProgramCatalog) {
        self.catalog = catalog
    }
}

extension SessionEvent.Kind {
    /// What a person does in a guided session: when the event names nobody, it was the
    /// session's agent. Outcomes, timers, hang-ups and external events are nobody's step.
    var isPersonal: Bool {
        switch self {
        case .input, .form, .override, .recordStep: true
        default: false
        }
    }
}
