import FlowExpression
import FlowLoading
import FlowModel
import FlowRuntime
import FlowStore
import Foundation

/// The shipped flow library, and contacts played through it by the real stepper with
/// scripted events, every step committed to a store the way the engine commits it.
enum StoreTraffic {
    static let flows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Flows")

    static let loaded = FlowLibrary.load(paths: [flows.path])

    static let library: ProgramLibrary = {
        guard !loaded.hasErrors else {
            fatalError("the shipped library must lint clean:\n" + loaded.diagnostics.map(\.formatted).joined(separator: "\n"))
        }
        do {
            return try ProgramLibrary(flows: loaded.flows, flowMap: loaded.flowMap) { try FlowVersion.hash(ofFileAt: $0.file) }
        } catch {
            fatalError("\(error)")
        }
    }()

    static let stepper = Stepper(catalog: library)

    /// A fresh store in a temporary folder.
    static func temporaryStore(name: String) throws -> (SQLiteSessionStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowmap-store-benchmark-\(name)")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try SQLiteSessionStore(path: folder.appendingPathComponent("flowmap.sqlite").path), folder)
    }

    static func start(id: String, flow: String, at time: Int64) throws -> (LiveSession, StepCommit) {
        let program = library.currentProgram(flow: flow)!
        let start = SessionStart(
            id: id, contactPoint: ContactPointInfo(
                code: "VG101", business: program.flow.business.name, channel: program.flow.channel.name, brand: "gotone",
                environment: "own-network"),
            customer: "13800138000", variables: ["msisdn": .string("13800138000")])
        let outcome = try stepper.start(start, program: program, at: time)
        return (outcome.session, commit(outcome.session, actions: outcome.actions, records: outcome.records, event: "start"))
    }

    /// The commit the engine writes for a step: the state, the records, the receipt with the rendered actions.
    static func commit(_ live: LiveSession, actions: [Action], records: [TraversalRecord], event: String?) -> StepCommit {
        StepCommit(after: live, rendered: actions.map(RenderedAction.init), records: records, event: event)
    }

    /// Plays contacts of `flow` one after another until `steps` commits are made; returns the records written.
    static func lane(_ lane: Int, round: Int, flow: String, steps: Int, store: SQLiteSessionStore) async throws -> Int {
        var pilot = ScriptedEvents(seed: UInt64(lane * 7919 + round))
        var made = 0
        var records = 0
        var contact = 0
        var now: Int64 = 1_795_000_000_000 + Int64(lane) * 10
        while made < steps {
            var (live, started) = try start(id: "r\(round)-l\(lane)-c\(contact)", flow: flow, at: now)
            contact += 1
            try await store.commit(started)
            made += 1
            records += started.records.count
            var lastActions = started.receipt?.actions ?? []
            var event = 0
            while live.state.isActive, made < steps {
                now += 2_000
                event += 1
                let kind = pilot.event(after: lastActions)
                let result: StepResult
                do {
                    result = try stepper.apply(SessionEvent(kind, at: now), to: &live)
                } catch {
                    result = try stepper.apply(SessionEvent(.hangup, at: now), to: &live)
                }
                let step = commit(live, actions: result.actions, records: result.records, event: "e\(event)")
                lastActions = step.receipt?.actions ?? []
                try await store.commit(step)
                made += 1
                records += result.records.count
            }
        }
        return records
    }
}

extension StoreTraffic {
    /// The commits `lane` would make, made ahead (for the store-alone benchmark): the same
    /// contacts, events and steps, nothing written.
    static func commits(_ lane: Int, round: Int, flow: String, steps: Int) throws -> [StepCommit] {
        var pilot = ScriptedEvents(seed: UInt64(lane * 7919 + round))
        var commits: [StepCommit] = []
        commits.reserveCapacity(steps)
        var contact = 0
        var now: Int64 = 1_795_000_000_000 + Int64(lane) * 10
        while commits.count < steps {
            var (live, started) = try start(id: "r\(round)-l\(lane)-c\(contact)", flow: flow, at: now)
            contact += 1
            commits.append(started)
            var lastActions = started.receipt?.actions ?? []
            var event = 0
            while live.state.isActive, commits.count < steps {
                now += 2_000
                event += 1
                let kind = pilot.event(after: lastActions)
                let result: StepResult
                do {
                    result = try stepper.apply(SessionEvent(kind, at: now), to: &live)
                } catch {
                    result = try stepper.apply(SessionEvent(.hangup, at: now), to: &live)
                }
                let step = commit(live, actions: result.actions, records: result.records, event: "e\(event)")
                lastActions = step.receipt?.actions ?? []
                commits.append(step)
            }
        }
        return commits
    }
}

/// Chooses a plausible next event from what the last step asked for: an option or digits
/// for a collect, `ok` for a task, `connected` for a transfer, now and then a no-input.
struct ScriptedEvents {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func event(after actions: [RenderedAction]) -> SessionEvent.Kind {
        for action in actions.reversed() {
            switch action {
            case .collect(let request):
                if random.next() % 10 == 0 { return .noInput }
                if !request.options.isEmpty {
                    return .input(request.options[Int(random.next() % UInt64(request.options.count))].key)
                }
                let length = request.length ?? request.minLength ?? 6
                return .input(length == 11 ? "13800138000" : String(repeating: "1", count: length))
            case .runTask(_, let operation, _, _):
                let total = Decimal(sign: .plus, exponent: -2, significand: Decimal(Int(random.next() % 30_000)))
                return .outcome("ok", results: operation.contains("bill") ? ["total": .decimal(total)] : [:])
            case .transfer: return .outcome("connected")
            case .handoff: return .outcome("handed-off")
            case .await(let events, _): return .external(events.first ?? "reply")
            default: continue
            }
        }
        return .hangup
    }
}

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// CPU time the whole process has used (every thread).
func processCPUTime() -> Duration {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
}

func nanoseconds(_ duration: Duration) -> Int {
    Int(duration.components.seconds) * 1_000_000_000 + Int(duration.components.attoseconds / 1_000_000_000)
}

/// Resident memory now, after handing memory freed earlier back to the system (glibc's
/// `malloc_trim`), so that new objects show up as growth instead of filling old holes.
func trimmedResidentMemory() -> Int {
    typealias Trim = @convention(c) (Int) -> Int32
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }
    return residentMemory()
}

/// Resident memory now, from /proc (Linux), in bytes.
func residentMemory() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = statm.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
