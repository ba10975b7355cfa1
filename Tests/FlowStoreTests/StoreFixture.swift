import FlowExpression
import FlowLoading
import FlowModel
import FlowRuntime
import FlowSimulation
@testable import FlowStore
import Foundation
import Testing

/// The shipped flow library, compiled once, and temporary stores.
enum StoreFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let flows = root.appendingPathComponent("Flows")

    static let loaded: FlowLibrary = {
        let loaded = FlowLibrary.load(paths: [flows.path])
        precondition(!loaded.hasErrors, loaded.diagnostics.map(\.formatted).joined(separator: "\n"))
        return loaded
    }()

    static let library: ProgramLibrary = {
        try! ProgramLibrary(flows: loaded.flows, flowMap: loaded.flowMap) { try FlowVersion.hash(ofFileAt: $0.file) }
    }()

    /// The shipped flow map, for engines over a store.
    static let flowMap: FlowMap = loaded.flowMap!

    static let stepper = Stepper(catalog: library)

    /// A fresh folder for one test's database.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowstore-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func temporaryStore() throws -> (store: SQLiteSessionStore, path: String) {
        let path = try temporaryFolder().appendingPathComponent("flowmap.sqlite").path
        return (try SQLiteSessionStore(path: path), path)
    }

    static let startTime: Int64 = 1_795_000_000_000
}

/// A contact played through a shipped flow by the real stepper, each step made into the
/// commit the engine would write (with its receipt).
struct Contact {
    var live: LiveSession
    var actions: [Action]
    var now: Int64
    var events = 0
    var pilot: ScriptedEvents
    /// Every record of the contact so far, in order.
    var records: [TraversalRecord]

    /// Starts `flow`; the first commit is `started`.
    init(id: String, flow: String = "bill-inquiry.ivr", seed: UInt64 = 1, at time: Int64 = StoreFixture.startTime) throws {
        let program = StoreFixture.library.currentProgram(flow: flow)!
        var variables: [String: Value] = [:]
        if program.flow.variableSlot(named: "msisdn") != nil { variables["msisdn"] = .string("13800138000") }
        let start = SessionStart(
            id: id, contactPoint: ContactPointInfo(
                code: "VG101", business: program.flow.business.name, channel: program.flow.channel.name, brand: "gotone",
                environment: "own-network"),
            customer: "13800138000", variables: variables)
        let outcome = try StoreFixture.stepper.start(start, program: program, at: time)
        live = outcome.session
        actions = outcome.actions
        records = outcome.records
        now = time
        pilot = ScriptedEvents(seed: seed)
        started = Contact.commit(outcome.session, actions: outcome.actions, records: outcome.records, event: "start")
    }

    /// The commit of the session's start.
    var started: StepCommit

    var isActive: Bool { live.state.isActive }

    /// Plays the next event (chosen from what the session asked for) and returns its commit;
    /// nil once the session has ended.
    mutating func next() -> StepCommit? {
        guard live.state.isActive else { return nil }
        now += 3_000
        events += 1
        let event = "e\(events)"
        let kind = pilot.event(after: actions)
        let result: StepResult
        do {
            result = try StoreFixture.stepper.apply(SessionEvent(kind, at: now), to: &live)
        } catch {
            // An event the state does not take: the caller hangs up instead.
            result = try! StoreFixture.stepper.apply(SessionEvent(.hangup, at: now), to: &live)
        }
        actions = result.actions
        records += result.records
        return Contact.commit(live, actions: result.actions, records: result.records, event: event)
    }

    /// The next step, which the test needs the session to have.
    mutating func nextStep(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> StepCommit {
        try #require(next(), "the contact has ended", sourceLocation: sourceLocation)
    }

    /// The commit the engine writes for a step: the state, the records, the receipt.
    static func commit(_ live: LiveSession, actions: [Action], records: [TraversalRecord], event: String?) -> StepCommit {
        StepCommit(after: live, rendered: actions.map(RenderedAction.init), records: records, event: event)
    }
}
