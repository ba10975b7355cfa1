import FlowAudit
import FlowConformance
import FlowLoading
import FlowModel
import FlowRuntime
import FlowSimulation
import FlowStore
import Foundation
import GRDB
import Testing

/// Real stores for the scanner's tests: docs/auditing.md's worked example played through
/// the runtime's step and committed to a real SQLite store, and simulated traffic over
/// the shipped library through the real engine.
enum ScanFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The worked example's library (shared with the conformance tests).
    static let demo = repository.appendingPathComponent("Tests/FlowConformanceTests/Fixtures/demo")
    static let shipped = repository.appendingPathComponent("Flows")

    static let demoLoaded: FlowLibrary = {
        let loaded = FlowLibrary.load(paths: [demo.path])
        precondition(!loaded.hasErrors, loaded.diagnostics.map(\.formatted).joined(separator: "\n"))
        return loaded
    }()

    static let demoLibrary: ProgramLibrary = {
        try! ProgramLibrary(flows: demoLoaded.flows, flowMap: demoLoaded.flowMap) { try FlowVersion.hash(ofFileAt: $0.file) }
    }()

    /// 2026-11-02 09:00 UTC, a Monday.
    static let startTime: Int64 = Int64(Day(year: 2026, month: 11, day: 2).number) * 86_400_000 + 9 * 3_600_000

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowaudit-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func agent(_ id: String, unit: String = "front-line") -> Actor { Actor(id: id, role: "agent", orgUnit: unit) }

    /// A store holding the worked example's five sessions S1...S5 (and, when asked, S6:
    /// started and still open), with the demo library published.
    static func workedExampleStore(withOpenSession: Bool = false) async throws -> String {
        let path = try temporaryFolder().appendingPathComponent("writer.sqlite").path
        let store = try SQLiteSessionStore(path: path)
        _ = try FlowVersionStore(store: store).publish(paths: [demo.path])
        let a1 = agent("A1"), a2 = agent("A2"), a3 = agent("A3"), a7 = agent("A7")

        var s1 = try StoreContact("S1", agent: a1, store: store)
        try await s1.send(.input("1"), at: 40, actor: a1)

        var s2 = try StoreContact("S2", agent: a2, store: store)
        try await s2.send(.override(to: "done", reason: "customer-in-hurry"), at: 30, actor: a2)

        var s3 = try StoreContact("S3", agent: a1, store: store)
        try await s3.send(.noInput, at: 20)
        try await s3.send(.hangup, at: 70)

        var s4 = try StoreContact("S4", agent: a1, store: store)
        try await s4.send(.input("2"), at: 50, actor: a1)
        try await s4.send(.outcome("connected"), at: 200)
        try await s4.send(.input("客户对账单有疑问，已说明"), at: 370, actor: a7)

        var s5 = try StoreContact("S5", agent: a3, store: store)
        try await s5.send(.recordStep(state: "transfer-billing", note: nil), at: 30, actor: a3)
        try await s5.wait(until: 600)

        if withOpenSession {
            var s6 = try StoreContact("S6", agent: a1, store: store)
            try await s6.send(.input("2"), at: 20, actor: a1)
            _ = s6
        }
        for contact in [s1, s2, s3, s4, s5] { #expect(contact.ended) }
        store.close()
        return try settled(path)
    }

    /// A copy of a store just written, made through SQLite (`VACUUM INTO`, on a read-only
    /// connection): the writer's connections close (and checkpoint) whenever their last
    /// reference goes, so tests that compare a store's bytes before and after an audit
    /// look at a file no writer ever had open.
    static func settled(_ path: String) throws -> String {
        let copy = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("flowmap.sqlite").path
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [copy]) }
        try queue.close()
        return copy
    }

    /// The worked example's catalog over its store.
    static func audit(_ path: String) throws -> (AuditStore, AuditCatalog) {
        let store = try AuditStore(path: path)
        return (store, try AuditCatalog(store: store))
    }

    /// A store with `contacts` simulated contacts over the shipped library (seeded).
    static func simulatedStore(contacts: Int, seed: UInt64) async throws -> String {
        let path = try temporaryFolder().appendingPathComponent("writer.sqlite").path
        let store = try SQLiteSessionStore(path: path)
        let versions = FlowVersionStore(store: store)
        _ = try versions.publish(paths: [shipped.path])
        let programs = try versions.programLibrary()
        let flowMap = try #require(try versions.currentFlowMap())
        let engine = Engine(library: programs, flowMap: flowMap, store: store, clock: ManualClock(now: 0))
        let simulation = Simulation(
            engine: engine, catalog: programs, flowMap: flowMap,
            plan: SimulationPlan(contacts: contacts, seed: seed, days: 3, concurrency: 32))
        _ = try await simulation.run()
        store.close()
        return try settled(path)
    }
}

/// A contact played through the demo library by the runtime's `Stepper` as the engine
/// would (timers fire when due), each step committed to the store.
struct StoreContact {
    let stepper = Stepper(catalog: ScanFixture.demoLibrary)
    let store: SQLiteSessionStore
    var session: LiveSession
    let startedAt: Int64

    init(_ id: String, agent: Actor, store: SQLiteSessionStore, at start: Int64 = ScanFixture.startTime) throws {
        self.store = store
        let program = ScanFixture.demoLibrary.currentProgram(flow: "demo.phone")!
        let begin = SessionStart(
            id: id,
            contactPoint: ContactPointInfo(code: "P901", business: "demo", channel: "phone", brand: "", environment: ""),
            customer: "13800138000", agent: agent)
        let outcome = try stepper.start(begin, program: program, at: start)
        session = outcome.session
        startedAt = start
        pending = [StepCommit(session: outcome.session.state, records: outcome.records, receipt: nil)]
    }

    /// Commits not yet written (the start is written with the first event).
    private var pending: [StepCommit]

    var ended: Bool { !session.state.isActive }

    mutating func send(_ kind: SessionEvent.Kind, at seconds: Double, actor: Actor? = nil) async throws {
        let time = startedAt + Int64(seconds * 1000)
        try await advance(to: time)
        let result = try stepper.apply(SessionEvent(kind, at: time, actor: actor), to: &session)
        try await commit(result.records)
    }

    mutating func wait(until seconds: Double) async throws {
        try await advance(to: startedAt + Int64(seconds * 1000))
    }

    private mutating func advance(to time: Int64) async throws {
        while session.state.isActive,
            let timer = session.state.timers.filter({ $0.due <= time }).min(by: { $0.due < $1.due })
        {
            let result = try stepper.apply(
                SessionEvent(.timer(timer.kind, depth: timer.depth, visit: timer.visit), at: timer.due), to: &session)
            session.state.timers.removeAll { $0 == timer }
            try await commit(result.records)
        }
    }

    private mutating func commit(_ records: [TraversalRecord]) async throws {
        for step in pending { try await store.commit(step) }
        pending = []
        try await store.commit(StepCommit(session: session.state, records: records, receipt: nil))
    }
}
