import FlowConformance
import FlowLoading
import FlowModel
import FlowRuntime
import Foundation

/// Finished sessions made up for the conformance benchmark, on shipped flows: mostly walks
/// along designed moves to an end state (subflows entered and returned from, retries,
/// visit limits taken as the runtime takes them), some with an override, a step done
/// outside the engine, or an abandonment. Seeded: the same traces every run.
struct SyntheticTraces {
    let catalog: NetCatalog
    let traces: [SessionTrace]

    /// The flows the traces run on, with the contact points and the share of sessions each gets.
    static let mix: [(flow: String, codes: [String], guided: Bool, share: Double)] = [
        ("billing-complaint.phone", ["PG502", "PM502", "PE502"], true, 0.4),
        ("bill-inquiry.ivr", ["VG101", "VM101", "VE101"], false, 0.6),
    ]

    /// The repository's Flows/ folder, found from this file.
    static let shippedFlows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Flows")

    init(sessions: Int, seed: UInt64 = 2026, flows: URL = Self.shippedFlows) {
        let loaded = FlowLibrary.load(paths: [flows.path])
        guard !loaded.hasErrors, let flowMap = loaded.flowMap else {
            fatalError("Flows/ must load cleanly:\n" + loaded.diagnostics.prefix(5).map(\.formatted).joined(separator: "\n"))
        }
        do {
            let library = try ProgramLibrary(flows: loaded.flows, flowMap: flowMap) { try FlowVersion.hash(ofFileAt: $0.file) }
            catalog = NetCatalog(programs: library.programs, organisation: flowMap.organisation, vocabulary: Vocabulary())
        } catch {
            fatalError("Flows/ must compile: \(error)")
        }
        let catalog = catalog
        var random = SplitMix(seed: seed)
        var traces: [SessionTrace] = []
        traces.reserveCapacity(sessions)
        var writer = TraceWriter(catalog: catalog)
        for number in 0..<sessions {
            let draw = random.unit()
            var cumulative = 0.0
            var pick = Self.mix[Self.mix.count - 1]
            for entry in Self.mix {
                cumulative += entry.share
                if draw < cumulative {
                    pick = entry
                    break
                }
            }
            let program = Self.program(pick.flow, in: catalog)
            traces.append(writer.session(
                number: Int64(number), program: program, code: pick.codes[random.below(pick.codes.count)],
                guided: pick.guided, random: &random))
        }
        self.traces = traces
    }

    static func program(_ flow: String, in catalog: NetCatalog) -> Int32 {
        for index in 0..<Int32(catalog.count) where catalog.program(index).id == flow { return index }
        fatalError("no flow \(flow)")
    }

    var records: Int { traces.reduce(0) { $0 + $1.steps.count } }
}

/// Writes one session's steps as the runtime would log them.
struct TraceWriter {
    let catalog: NetCatalog
    let vocabulary: Vocabulary
    let agents: [(id: Int32, role: Int32, unit: Int32)]
    let input: Int32
    let connected: Int32
    let reason: Int32
    /// 2026-11-01 00:00 UTC.
    let epoch: Int64 = 1_793_491_200_000
    var steps: [TraceStep] = []
    var time: Int64 = 0

    init(catalog: NetCatalog) {
        self.catalog = catalog
        vocabulary = catalog.vocabulary
        let role = vocabulary.id(of: "agent")
        let unit = vocabulary.id(of: "front-line")
        let vocabulary = catalog.vocabulary
        agents = (0..<50).map { (vocabulary.id(of: "agent-\($0)"), role, unit) }
        input = vocabulary.id(of: "input")
        connected = vocabulary.id(of: "connected")
        reason = vocabulary.id(of: "customer-in-hurry")
    }

    mutating func session(number: Int64, program: Int32, code: String, guided: Bool, random: inout SplitMix) -> SessionTrace {
        steps = []
        time = epoch + Int64(random.below(30)) * 86_400_000 + Int64(random.below(36_000_000))
        let agent = guided ? agents[random.below(agents.count)] : (id: Int32(-1), role: Int32(-1), unit: Int32(-1))
        // What goes wrong in this one, if anything.
        let draw = random.unit()
        let deviation: Trigger.Kind? = draw < 0.06 ? .override : draw < 0.08 ? .outside : draw < 0.12 ? .abandon : nil
        let at = 2 + random.below(5)
        walk(program: program, depth: 0, agent: agent, deviation: deviation, at: at, random: &random)
        return SessionTrace(
            session: "bench-\(number)", number: number, journey: "bench-\(number)", contactPoint: vocabulary.id(of: code),
            channel: catalog.channel(program), steps: steps)
    }

    /// Walks a segment from its start; returns whether it reached an end state.
    @discardableResult
    private mutating func walk(
        program: Int32, depth: Int16, agent: (id: Int32, role: Int32, unit: Int32), deviation: Trigger.Kind?, at: Int,
        random: inout SplitMix
    ) -> Bool {
        let net = catalog.net(program)
        var visits = [Int](repeating: 0, count: net.stateCount)
        var state = net.start
        var entered = time
        append(depth: depth, program: program, from: -1, to: state, trigger: .start, agent: agent, enteredAt: time, took: false)
        visits[Int(state)] += 1
        var moves = 0
        while !net.isEnd[Int(state)] {
            moves += 1
            time += Int64(2_000 + random.below(40_000))
            if depth == 0, moves == at, let deviation {
                switch deviation {
                case .abandon:
                    append(depth: depth, program: program, from: state, to: -1, trigger: .abandon, agent: (-1, -1, -1), enteredAt: entered, took: false, outcome: .abandoned)
                    return false
                case .override:
                    let target = Int32(random.below(net.stateCount))
                    append(depth: depth, program: program, from: state, to: target, trigger: .override, agent: agent, enteredAt: entered, took: false)
                    state = target
                    entered = time
                    visits[Int(state)] += 1
                    continue
                default:
                    break
                }
            }
            if moves > 30 {
                append(depth: depth, program: program, from: state, to: -1, trigger: .abandon, agent: (-1, -1, -1), enteredAt: entered, took: false, outcome: .failed)
                return false
            }
            // The runtime leaves a state entered past its limit by the limit's exit at once.
            let limit = net.visitLimit[Int(state)]
            var trigger: Trigger.Kind = depth == 0 && moves == at && deviation == .outside ? .outside : .event
            var target: Int32
            if limit >= 0, visits[Int(state)] > Int(limit), net.visitLimitExit[Int(state)] >= 0 {
                target = net.visitLimitExit[Int(state)]
                trigger = .limit
            } else if net.kinds[Int(state)] == .subflow, let child = subflow(of: program, state: state) {
                walk(program: child, depth: depth + 1, agent: agent, deviation: nil, at: 0, random: &random)
                target = pick(from: state, net: net, program: program, random: &random)
            } else {
                target = pick(from: state, net: net, program: program, random: &random)
                if target == state { trigger = .retry }
            }
            append(
                depth: depth, program: program, from: state, to: target, trigger: trigger, agent: agent,
                enteredAt: entered, took: trigger != .outside && trigger != .retry)
            if trigger == .retry { continue }
            state = target
            entered = time
            visits[Int(state)] += 1
        }
        return true
    }

    /// A designed move out of `state`: mostly forward, sometimes a retry or a hang-up.
    private func pick(from state: Int32, net: FlowNet, program: Int32, random: inout SplitMix) -> Int32 {
        let moves = net.moves(from: state)
        let handlerTargets = Set(catalog.program(program).handlers.map(\.target))
        var forward: [Int32] = []
        var back: [Int32] = []
        for move in moves {
            let target = net.moveTo[Int(move)]
            if target == state { back.append(target); continue }
            // Handlers (a hang-up) lead to ends from most states: keep them rare.
            if handlerTargets.contains(target) {
                back.append(target)
            } else {
                forward.append(target)
            }
        }
        if !back.isEmpty, forward.isEmpty || random.unit() < 0.05 { return back[random.below(back.count)] }
        return forward[random.below(forward.count)]
    }

    private func subflow(of program: Int32, state: Int32) -> Int32? {
        guard let name = catalog.program(program).states[Int(state)].subflow else { return nil }
        for index in 0..<Int32(catalog.count) where catalog.program(index).id == name { return index }
        return nil
    }

    private mutating func append(
        depth: Int16, program: Int32, from: Int32, to: Int32, trigger: Trigger.Kind, agent: (id: Int32, role: Int32, unit: Int32),
        enteredAt: Int64, took: Bool, outcome: EndOutcome? = nil
    ) {
        let net = catalog.net(program)
        let ends = to >= 0 && net.isEnd[Int(to)]
        steps.append(TraceStep(
            sequence: Int32(steps.count + 1), depth: depth, trigger: trigger,
            outcome: outcome ?? (ends ? catalog.program(program).states[Int(to)].endOutcome : nil), tookTransition: took,
            program: program, from: from, to: to, event: !took ? -1 : from >= 0 && net.kinds[Int(from)] == .transfer ? connected : input,
            reason: trigger == .override ? reason : -1, actor: agent.id, role: agent.role, orgUnit: agent.unit,
            enteredAt: enteredAt, leftAt: time))
    }
}

/// A small seeded generator (SplitMix64): the same traces on every run.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
