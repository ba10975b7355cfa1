import FlowConformance
import FlowExpression
import FlowLoading
import FlowModel
import FlowRuntime
import Foundation
import Testing

/// The audit examples' library (Fixtures/demo), compiled once, with a catalog of every flow.
enum ConformanceFixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/demo")

    static let loaded: FlowLibrary = {
        let loaded = FlowLibrary.load(paths: [folder.path])
        precondition(!loaded.hasErrors, loaded.diagnostics.map(\.formatted).joined(separator: "\n"))
        return loaded
    }()

    static let flowMap: FlowMap = loaded.flowMap!

    static let library: ProgramLibrary = {
        try! ProgramLibrary(flows: loaded.flows, flowMap: flowMap) { try FlowVersion.hash(ofFileAt: $0.file) }
    }()

    static func program(_ id: String) -> FlowProgram { library.currentProgram(flow: id)! }

    /// A fresh vocabulary and a catalog of every flow of the library.
    static func catalog() -> NetCatalog {
        NetCatalog(programs: library.programs, organisation: flowMap.organisation, vocabulary: Vocabulary())
    }

    /// 2026-11-02 09:00 UTC, a Monday: when the example sessions start.
    static let startTime: Int64 = Int64(Day(year: 2026, month: 11, day: 2).number) * 86_400_000 + 9 * 3_600_000

    static func seconds(_ value: Double) -> Int64 { Int64(value * 1000) }
}

/// People of the examples.
enum People {
    static func agent(_ id: String, unit: String = "front-line", role: String = "agent") -> Actor {
        Actor(id: id, role: role, orgUnit: unit)
    }
}

/// A contact driven through the real `Stepper` as the engine would: each event at its
/// time, and every armed timer fired when it falls due before it.
struct DrivenContact {
    let stepper: Stepper
    var session: LiveSession
    var records: [TraversalRecord]
    let startedAt: Int64
    var now: Int64

    init(
        _ flow: String, id: String, agent: Actor?, at start: Int64 = ConformanceFixture.startTime,
        code: String = "P901", channel: String = "phone"
    ) throws {
        let library = ConformanceFixture.library
        stepper = Stepper(catalog: library)
        let program = library.currentProgram(flow: flow)!
        let begin = SessionStart(
            id: id,
            contactPoint: ContactPointInfo(
                code: code, business: program.flow.business.name, channel: channel, brand: "", environment: ""),
            customer: "13800138000", agent: agent)
        let outcome = try stepper.start(begin, program: program, at: start)
        session = outcome.session
        records = outcome.records
        startedAt = start
        now = start
    }

    var ended: Bool { !session.state.isActive }

    /// Sends `kind` at `seconds` after the start, firing the timers due before it.
    mutating func send(_ kind: SessionEvent.Kind, at seconds: Double, actor: Actor? = nil) throws {
        let time = startedAt + ConformanceFixture.seconds(seconds)
        try advance(to: time)
        let result = try stepper.apply(SessionEvent(kind, at: time, actor: actor), to: &session)
        records += result.records
        now = time
    }

    /// Lets time pass to `seconds` after the start: due timers fire, as the engine's clock would.
    mutating func wait(until seconds: Double) throws {
        try advance(to: startedAt + ConformanceFixture.seconds(seconds))
    }

    private mutating func advance(to time: Int64) throws {
        while session.state.isActive, let timer = session.state.timers.filter({ $0.due <= time }).min(by: { $0.due < $1.due }) {
            let result = try stepper.apply(
                SessionEvent(.timer(timer.kind, depth: timer.depth, visit: timer.visit), at: timer.due), to: &session)
            records += result.records
            // A stale timer is dropped by the step; make sure it is gone either way.
            session.state.timers.removeAll { $0 == timer }
            now = timer.due
        }
        now = max(now, time)
    }

    var logRecords: [LogRecord] { records.map(\.logRecord) }

    func trace(number: Int64, catalog: NetCatalog) throws -> SessionTrace {
        try SessionTrace(records: logRecords, number: number, catalog: catalog, vocabulary: catalog.vocabulary)
    }
}

/// Hand-made traces, for cases the runtime does not produce (or not easily).
struct TraceBuilder {
    let catalog: NetCatalog
    let program: Int32
    var steps: [TraceStep] = []
    var time: Int64 = ConformanceFixture.startTime

    init(catalog: NetCatalog, flow: String) {
        self.catalog = catalog
        let program = ConformanceFixture.program(flow)
        self.program = catalog.index(flow: program.id, version: program.version)!
    }

    func state(_ name: String?, in program: Int32? = nil) -> Int32 {
        guard let name else { return -1 }
        return catalog.stateIndex(program: program ?? self.program, name: name)!
    }

    /// Appends a record `from -> to` (nil: none) after `seconds`.
    mutating func add(
        _ from: String?, _ to: String?, _ trigger: Trigger.Kind = .event, after seconds: Double = 1, depth: Int16 = 0,
        flow: String? = nil, event: String? = nil, actor: Actor? = nil, outcome: EndOutcome? = nil,
        took: Bool? = nil, enteredAt: Int64? = nil
    ) {
        let program = flow.map { id in
            let compiled = ConformanceFixture.program(id)
            return catalog.index(flow: compiled.id, version: compiled.version)!
        } ?? self.program
        let left = time + ConformanceFixture.seconds(seconds)
        let vocabulary = catalog.vocabulary
        let toIndex = state(to, in: program)
        let isEnd = toIndex >= 0 && catalog.net(program).isEndState(toIndex)
        steps.append(TraceStep(
            sequence: Int32(steps.count + 1), depth: depth, trigger: trigger,
            outcome: outcome ?? (isEnd ? .resolved : nil),
            tookTransition: took ?? (trigger == .event || trigger == .handler || trigger == .limit || trigger == .fallback),
            program: program, from: state(from, in: program), to: toIndex, event: event.map { vocabulary.id(of: $0) } ?? -1,
            actor: actor.map { vocabulary.id(of: $0.id) } ?? -1, role: actor?.role.map { vocabulary.id(of: $0) } ?? -1,
            orgUnit: actor?.orgUnit.map { vocabulary.id(of: $0) } ?? -1, enteredAt: enteredAt ?? time, leftAt: left))
        time = left
    }

    func trace(number: Int64 = 1, contactPoint: String = "P901") -> SessionTrace {
        SessionTrace(
            session: "hand-\(number)", number: number, journey: "hand-\(number)",
            contactPoint: catalog.vocabulary.id(of: contactPoint), channel: catalog.vocabulary.id(of: "phone"), steps: steps)
    }
}

extension FlowNet {
    /// A trace of labels (`ask->resolve`) as move ids, -1 for a label the net does not have.
    func moves(_ labels: [String]) -> [Int32] {
        labels.map { label in
            let parts = label.components(separatedBy: "->")
            guard parts.count == 2, let from = stateNames.firstIndex(of: parts[0]), let to = stateNames.firstIndex(of: parts[1])
            else { return -1 }
            return move(from: Int32(from), to: Int32(to)) ?? -1
        }
    }

    func index(_ name: String) -> Int32 { Int32(stateNames.firstIndex(of: name)!) }
}

extension SessionVerdict {
    /// `type@sequence` or `type(state)@sequence`, for compact expectations.
    func deviationSummary(_ catalog: NetCatalog) -> [String] {
        deviations.map { deviation in
            let state = deviation.state >= 0 ? "(\(catalog.net(deviation.program).stateNames[Int(deviation.state)]))" : ""
            return "\(deviation.type)\(state)@\(deviation.sequence)"
        }
    }
}
