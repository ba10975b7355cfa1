import ArgumentParser
import FlowExpression
import FlowLoading
import FlowModel
import FlowRuntime
import FlowSimulation
import FlowStore
import Foundation

/// `flowmap store-load --store PATH --sessions N`: sessions of the shipped IVR flows,
/// stepped with scripted events and committed to the store, each commit acknowledged on
/// stdout. Hidden: it exists for the store's crash test and for load experiments.
struct StoreLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-load",
        abstract: "Drive sessions of the shipped flows into a store (for crash tests and load experiments).",
        discussion: """
            Runs N sessions at once on the library's IVR flows, each played by scripted events \
            (an option or digits for a collect, ok for a task, connected for a transfer, now and \
            then a no-input); an ended session is replaced by a new one. After every commit that \
            returned it prints "ack <session> <sequence>" (the step's last record) on stdout, \
            unbuffered, so a test that kills the process knows what was acknowledged.
            """,
        shouldDisplay: false
    )

    @Option(name: .long, help: ArgumentHelp("The store: a flowmap SQLite database (created when absent).", valueName: "file"))
    var store: String

    @Option(name: .long, help: "Sessions running at once.")
    var sessions = 100

    @Option(name: .long, help: "Stop after this many commits in all (default: run until killed).")
    var steps: Int?

    @Option(name: .long, help: "The flow library.")
    var library = "Flows"

    @Option(name: .long, help: "Seed for the scripted choices.")
    var seed: UInt64 = 1

    @Flag(name: .long, help: "Print no acknowledgements, only a summary at the end.")
    var quiet = false

    func validate() throws {
        guard sessions > 0 else { throw ValidationError("--sessions must be at least 1") }
    }

    func run() async throws {
        let loaded = FlowLibrary.load(paths: [library])
        guard !loaded.hasErrors else { throw CommandFailure("the library at \(library) has lint errors; run flowmap lint") }
        let programs = try ProgramLibrary(flows: loaded.flows, flowMap: loaded.flowMap) {
            try FlowVersion.hash(ofFileAt: $0.file)
        }
        let flows = programs.programs.filter { $0.flow.channel.name == "ivr" }
        guard !flows.isEmpty else { throw CommandFailure("no IVR flow in \(library)") }
        let target = try SQLiteSessionStore(path: store)
        let driver = LoadDriver(stepper: Stepper(catalog: programs), flows: flows, store: target, quiet: quiet)
        let budget = StepBudget(steps)
        let started = Date()
        let committed = try await withThrowingTaskGroup(of: Int.self) { group in
            for lane in 0..<sessions {
                group.addTask { try await driver.run(lane: lane, seed: seed &+ UInt64(lane), budget: budget) }
            }
            return try await group.reduce(0, +)
        }
        target.close()
        let seconds = Date().timeIntervalSince(started)
        let statistics = target.statistics
        Standard.error(
            "\(committed) steps, \(statistics.records) records in \(String(format: "%.2f", seconds)) s: "
                + "\(Int(Double(statistics.records) / seconds)) records/s, \(statistics.transactions) transactions")
    }
}

/// How many commits are left, shared by the lanes.
final class StepBudget: @unchecked Sendable {
    // Guarded by `lock`.
    private var left: Int?
    private let lock = NSLock()

    init(_ steps: Int?) { left = steps }

    /// Takes one step from the budget; false once it is spent.
    func take() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let current = left else { return true }
        guard current > 0 else { return false }
        left = current - 1
        return true
    }
}

/// Plays sessions one after another in one lane and commits every step.
struct LoadDriver: Sendable {
    let stepper: Stepper
    let flows: [FlowProgram]
    let store: SQLiteSessionStore
    let quiet: Bool

    /// Runs contacts until the budget is spent; returns the commits made.
    func run(lane: Int, seed: UInt64, budget: StepBudget) async throws -> Int {
        var pilot = ScriptedEvents(seed: seed)
        var commits = 0
        var round = 0
        let processStart = Int64(Date().timeIntervalSince1970 * 1000)
        while budget.take() {
            let program = flows[Int(pilot.random.next() % UInt64(flows.count))]
            var now = processStart + Int64(lane) * 7
            var variables: [String: Value] = [:]
            if program.flow.variableSlot(named: "msisdn") != nil { variables["msisdn"] = .string("13800138000") }
            let start = SessionStart(
                id: "l\(lane)-\(round)-\(getpid())", contactPoint: ContactPointInfo(
                    code: "V\(program.flow.business.name)", business: program.flow.business.name, channel: "ivr",
                    brand: "gotone", environment: "own-network"),
                customer: "13800138000", variables: variables)
            round += 1
            let outcome = try stepper.start(start, program: program, at: now)
            var live = outcome.session
            var actions = outcome.actions
            try await commit(live, actions: actions, records: outcome.records, event: "start")
            commits += 1
            var events = 0
            while live.state.isActive, budget.take() {
                now += 2_000
                events += 1
                let result: StepResult
                do {
                    result = try stepper.apply(SessionEvent(pilot.event(after: actions), at: now), to: &live)
                } catch {
                    result = try stepper.apply(SessionEvent(.hangup, at: now), to: &live)
                }
                actions = result.actions
                try await commit(live, actions: actions, records: result.records, event: "e\(events)")
                commits += 1
            }
        }
        return commits
    }

    private func commit(_ live: LiveSession, actions: [Action], records: [TraversalRecord], event: String) async throws {
        try await store.commit(
            StepCommit(after: live, rendered: actions.map(RenderedAction.init), records: records, event: event))
        guard !quiet else { return }
        // One write(2) per line: whole lines, unbuffered, in the order commits returned.
        let line = "ack \(live.state.id) \(live.state.nextSequence - 1)\n"
        line.utf8CString.withUnsafeBufferPointer { buffer in
            _ = write(STDOUT_FILENO, buffer.baseAddress, buffer.count - 1)
        }
    }
}
