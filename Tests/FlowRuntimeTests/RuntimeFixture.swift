import FlowExpression
import FlowLoading
import FlowModel
import FlowRuntime
import Foundation
import Testing

/// The fixture library, compiled once, and a driver that plays a contact through it.
enum RuntimeFixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/library")

    static let library: ProgramLibrary = {
        let loaded = FlowLibrary.load(paths: [folder.path])
        precondition(!loaded.hasErrors, loaded.diagnostics.map(\.formatted).joined(separator: "\n"))
        return try! ProgramLibrary(flows: loaded.flows, flowMap: loaded.flowMap) { try FlowVersion.hash(ofFileAt: $0.file) }
    }()

    static func program(_ id: String) -> FlowProgram { library.currentProgram(flow: id)! }
}

/// A contact played by hand: events at chosen times, records and actions collected.
struct Contact {
    let stepper: Stepper
    var session: LiveSession
    var records: [TraversalRecord]
    var actions: [Action]
    /// Milliseconds since 1970 of the last event.
    var now: Int64

    static let startTime: Int64 = 1_795_000_000_000

    init(
        _ flow: String, channel: String = "ivr", agent: Actor? = nil, variables: [String: Value] = ["msisdn": .string("13800138000")],
        library: ProgramLibrary = RuntimeFixture.library
    ) throws {
        stepper = Stepper(catalog: library)
        let program = library.currentProgram(flow: flow)!
        let start = SessionStart(
            id: "s-\(flow)", contactPoint: ContactPointInfo(code: "VG101", business: program.flow.business.name, channel: channel, brand: "gotone", environment: "own"),
            customer: "13800138000", agent: agent, variables: variables)
        let outcome = try stepper.start(start, program: program, at: Self.startTime)
        session = outcome.session
        records = outcome.records
        actions = outcome.actions
        now = Self.startTime
    }

    var stateID: String { session.programs.last!.states[Int(session.state.current.state)].id }
    var flowID: String { session.state.current.flowID }
    var ended: EndOutcome? {
        if case .ended(let outcome) = session.state.status { return outcome }
        return nil
    }
    /// The path so far, as `flow:state` for subflow states and `state` otherwise.
    var path: [String] { records.compactMap { record in record.to.map { record.depth > 0 ? "\(record.flow):\($0)" : $0 } } }

    func variable(_ name: String) -> Value? {
        let program = session.programs.last!
        return program.flow.variableSlot(named: name).map { session.state.current.variables.value(ofSlot: $0) }
    }

    /// Sends an event `after` milliseconds; returns the records and actions it produced.
    @discardableResult
    mutating func send(_ kind: SessionEvent.Kind, after: Int64 = 1000, actor: Actor? = nil) throws -> (records: [TraversalRecord], actions: [Action]) {
        now += after
        let outcome = try stepper.apply(SessionEvent(kind, at: now, actor: actor), to: session)
        session = outcome.session
        records += outcome.records
        actions += outcome.actions
        return (outcome.records, outcome.actions)
    }

    /// Fires the armed timer of `kind`, as the engine's clock would when it falls due.
    @discardableResult
    mutating func fire(_ kind: TimerKind) throws -> (records: [TraversalRecord], actions: [Action]) {
        let timer = try #require(session.state.timers.first { $0.kind == kind }, "no \(kind) timer armed")
        let after = timer.due - now
        return try send(.timer(kind, depth: timer.depth, visit: timer.visit), after: after)
    }
}

extension Action {
    /// A short text form for assertions: `say 您好`, `collect menu`, `task billing.bill`.
    var summary: String {
        switch self {
        case .say(let prompt): "say \(prompt.template)"
        case .send(let prompt): "send \(prompt.template)"
        case .play(let audio): "play \(audio)"
        case .showCard: "card"
        case .collect(let request): "collect \(request.state)" + (request.retry > 0 ? " retry \(request.retry)" : "")
        case .runTask(let request): "task \(request.operation)"
        case .transfer(let target, _): "transfer \(target)"
        case .handoff(let request): "handoff \(request.channel)"
        case .await(let events, _): "await \(events.joined(separator: ","))"
        case .end(let outcome): "end \(outcome.rawValue)"
        }
    }
}
