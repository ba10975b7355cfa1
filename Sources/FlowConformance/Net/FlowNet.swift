import FlowModel
import FlowRuntime

/// The workflow net of one flow version (docs/auditing.md, "The net"): a place per state
/// (same indices as the program's states) and one `sink` after them, a visible transition
/// per designed move `s->t`, a silent `τe` from each end state to `sink`.
///
/// Everything the measures ask of a flow version is here as integer tables, built once:
/// move lookup, dominators, mandatory states, SLAs, visit limits, performers and transfer
/// targets as `Vocabulary` ids. A class: one net serves every session on its version.
///
/// ```swift
/// let net = FlowNet(program: program)
/// net.move(from: ask, to: resolve)   // the designed move's id, or nil
/// print(net.pnml())                  // for pm4py, ProM...
/// ```
public final class FlowNet: Sendable {
    public let flow: String
    public let version: String
    /// State ids, by index; the place of state `i` is `i`, and `sink` is `stateCount`.
    public let stateNames: [String]
    public let start: Int32
    /// The designed moves, by move id: where each leaves from and goes to.
    public let moveFrom: [Int32]
    public let moveTo: [Int32]
    /// The moves leaving each state, sorted by target (`outgoingStart[s]..<outgoingStart[s+1]`):
    /// looking a move up compares a few integers, never strings.
    let outgoingStart: [Int32]
    let outgoingTarget: [Int32]
    let outgoingMove: [Int32]
    public let kinds: [ProgramState.Kind]
    public let isEnd: [Bool]
    public let endStates: [Int32]
    /// L: the fewest visible transitions from the start to `sink`; -1 when no end can be
    /// reached (lint refuses such flows).
    public let shortestRun: Int
    /// Bitsets of `wordsPerSet` words: the dominators of each state, and the mandatory states.
    let wordsPerSet: Int
    let dominatorWords: [UInt64]
    let mandatoryWords: [UInt64]
    public let mandatoryStates: [Int32]
    /// Milliseconds; -1 when the state has no `sla`.
    public let stateSLA: [Int64]
    /// The flow's `sla` in milliseconds.
    public let flowSLA: Int64?
    /// For a transfer to people: the org unit that takes the contact (the unit serving a
    /// skill or queue), as a vocabulary id; -1 for other states, handoffs and unserved groups.
    public let transferUnit: [Int32]
    /// Whether the state is a transfer to people (an org unit, skill group or queue).
    public let transfersToPeople: [Bool]
    /// Each state's `performer:` entries (`performerStart[s]..<performerStart[s+1]`).
    let performerStart: [Int32]
    let performerEntries: [Performer]
    /// `visits: { max: N }`: N, or -1; and the state the limit's exit leads to, or -1.
    public let visitLimit: [Int32]
    public let visitLimitExit: [Int32]

    /// A role or org unit named in `performer:`, as a vocabulary id.
    struct Performer: Sendable, Hashable {
        var id: Int32
        var isUnit: Bool
    }

    /// Builds the net of `program`. Performers and transfer targets are resolved through
    /// `organisation` and interned in `vocabulary`, so that the organisational checks
    /// compare the ids the log scanner gives actors.
    public init(program: FlowProgram, organisation: Organisation = Organisation(), vocabulary: Vocabulary = Vocabulary()) {
        let states = program.states
        let n = states.count
        flow = program.id
        version = program.version
        stateNames = states.map(\.id)
        start = program.start
        kinds = states.map(\.kind)
        isEnd = states.map { $0.kind == .end }
        endStates = (0..<n).filter { states[$0].kind == .end }.map { Int32($0) }
        stateSLA = states.map { $0.sla ?? -1 }
        flowSLA = program.flow.sla?.milliseconds

        // Designed moves: every pair the version's design allows, once each.
        var pairs = Set<Pair>()
        for (index, state) in states.enumerated() {
            let s = Int32(index)
            for transition in state.transitions { pairs.insert(Pair(from: s, to: transition.target)) }
            for limit in [state.visitLimit, state.noInputLimit, state.noMatchLimit, state.attemptLimit] {
                if let exit = limit?.exit { pairs.insert(Pair(from: s, to: exit.target)) }
            }
            if state.kind == .collect { pairs.insert(Pair(from: s, to: s)) }
            guard state.kind != .end else { continue }
            for (position, handler) in program.handlers.enumerated() where !state.exceptedHandlers[position] {
                pairs.insert(Pair(from: s, to: handler.target))
            }
        }
        let sorted = pairs.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        moveFrom = sorted.map(\.from)
        moveTo = sorted.map(\.to)
        var starts = [Int32](repeating: 0, count: n + 1)
        for pair in sorted { starts[Int(pair.from) + 1] += 1 }
        for index in 0..<n { starts[index + 1] += starts[index] }
        outgoingStart = starts
        outgoingTarget = sorted.map(\.to)
        outgoingMove = sorted.indices.map { Int32($0) }

        let analysis = NetAnalysis(stateCount: n, start: Int(start), moveFrom: moveFrom, moveTo: moveTo, isEnd: isEnd)
        shortestRun = analysis.shortestRun
        wordsPerSet = analysis.wordsPerSet
        dominatorWords = analysis.dominators
        mandatoryStates = (0..<n).filter { states[$0].model.mandatory }.map { Int32($0) }
        var mandatory = [UInt64](repeating: 0, count: analysis.wordsPerSet)
        for state in mandatoryStates { mandatory[Int(state) >> 6] |= 1 << (UInt64(state) & 63) }
        mandatoryWords = mandatory

        visitLimit = states.map { state in state.visitLimit.map { Int32($0.max) } ?? -1 }
        visitLimitExit = states.map { state in state.visitLimit?.exit?.target ?? -1 }

        // The organisation: performers and transfer targets as vocabulary ids.
        let roleNames = Set(organisation.roles.map(\.id))
        let unitNames = Set(organisation.units.map(\.id))
        // A role may perform what the roles it includes (transitively) may: a performer role
        // is accepted from itself and from every role above it.
        let rolesAbove = Self.rolesIncluding(in: organisation)
        var performerStart: [Int32] = [0]
        var entries: [Performer] = []
        var transferUnit = [Int32](repeating: -1, count: n)
        var transfersToPeople = [Bool](repeating: false, count: n)
        for (index, state) in states.enumerated() {
            for name in state.model.performer.map(\.name) {
                // A name the organisation does not declare (lint reports it) may be either.
                let known = roleNames.contains(name) || unitNames.contains(name)
                if roleNames.contains(name) || !known {
                    entries.append(Performer(id: vocabulary.id(of: name), isUnit: false))
                    for above in rolesAbove[name] ?? [] { entries.append(Performer(id: vocabulary.id(of: above), isUnit: false)) }
                }
                if unitNames.contains(name) || !known { entries.append(Performer(id: vocabulary.id(of: name), isUnit: true)) }
            }
            performerStart.append(Int32(entries.count))
            if case .transfer(let transfer) = state.model.kind, let target = transfer.target {
                transfersToPeople[index] = true
                if let unit = Self.unit(serving: target, in: organisation) { transferUnit[index] = vocabulary.id(of: unit) }
            }
        }
        self.performerStart = performerStart
        performerEntries = entries
        self.transferUnit = transferUnit
        self.transfersToPeople = transfersToPeople
    }

    /// The org unit that takes a transfer: the unit itself, or the one serving the skill
    /// group or queue.
    static func unit(serving target: TransferTarget, in organisation: Organisation) -> String? {
        switch target {
        case .orgUnit(let name): name
        case .skill(let name): organisation.skills.first { $0.id == name }?.unit?.name
        case .queue(let name): organisation.queues.first { $0.id == name }?.unit?.name
        }
    }

    private struct Pair: Hashable {
        var from: Int32
        var to: Int32
    }

    // MARK: Reading

    public var stateCount: Int { stateNames.count }
    /// The place after the states'.
    public var sink: Int32 { Int32(stateNames.count) }
    public var placeCount: Int { stateNames.count + 1 }
    public var moveCount: Int { moveFrom.count }

    /// The designed move `from->to`, or nil when the design has no such move.
    public func move(from: Int32, to: Int32) -> Int32? {
        let id = moveID(from: from, to: to)
        return id >= 0 ? id : nil
    }

    /// The designed move `from->to`, or -1: the hot path's form, without an optional.
    func moveID(from: Int32, to: Int32) -> Int32 {
        guard from >= 0, Int(from) < stateNames.count, to >= 0 else { return -1 }
        var index = Int(outgoingStart[Int(from)])
        let end = Int(outgoingStart[Int(from) + 1])
        while index < end {
            let target = outgoingTarget[index]
            if target == to { return outgoingMove[index] }
            if target > to { return -1 }
            index += 1
        }
        return -1
    }

    /// The moves leaving `state`, as move ids.
    public func moves(from state: Int32) -> Range<Int32> {
        outgoingStart[Int(state)]..<outgoingStart[Int(state) + 1]
    }

    /// `from->to`, the transition's label.
    public func label(ofMove move: Int32) -> String {
        "\(stateNames[Int(moveFrom[Int(move)])])->\(stateNames[Int(moveTo[Int(move)])])"
    }

    /// Whether `state` is an end state (false for `sink`, -1 and unknown indices).
    public func isEndState(_ state: Int32) -> Bool {
        state >= 0 && Int(state) < isEnd.count && isEnd[Int(state)]
    }

    /// Whether `dominator` lies on every designed path from the start to `state`.
    public func dominates(_ dominator: Int32, _ state: Int32) -> Bool {
        let word = dominatorWords[Int(state) * wordsPerSet + Int(dominator) >> 6]
        return word & (1 << (UInt64(dominator) & 63)) != 0
    }

    /// The states that dominate `state`, by name (for reports and tests).
    public func dominators(of state: Int32) -> [String] {
        (0..<Int32(stateCount)).filter { dominates($0, state) }.map { stateNames[Int($0)] }
    }

    /// Whether the state declares `performer:`.
    public func hasPerformers(_ state: Int32) -> Bool {
        performerStart[Int(state)] < performerStart[Int(state) + 1]
    }

    /// For each role, the roles that include it directly or through others (sorted, itself
    /// left out): `agent` -> `senior-agent`, `team-leader` when a team leader includes a
    /// senior agent, who includes an agent. The same rule as `Organisation.allows`.
    static func rolesIncluding(in organisation: Organisation) -> [String: [String]] {
        var above: [String: Set<String>] = [:]
        for role in organisation.roles {
            var seen: Set<String> = [role.id]
            var pending = role.includes.map(\.name)
            while let included = pending.popLast() {
                guard seen.insert(included).inserted else { continue }
                above[included, default: []].insert(role.id)
                if let declared = organisation.roles.first(where: { $0.id == included }) {
                    pending += declared.includes.map(\.name)
                }
            }
        }
        return above.mapValues { $0.sorted() }
    }

    /// Whether someone with `role` in `unit` may perform `state`: it declares no performers,
    /// or names the role or a role it includes, the unit, or a unit above it.
    public func accepts(role: Int32, unit: Int32, in state: Int32, catalog: NetCatalog) -> Bool {
        let start = Int(performerStart[Int(state)])
        let end = Int(performerStart[Int(state) + 1])
        guard start < end else { return true }
        for index in start..<end {
            let performer = performerEntries[index]
            if performer.isUnit {
                if unit >= 0, catalog.isUnit(unit, within: performer.id) { return true }
            } else if role >= 0, role == performer.id {
                return true
            }
        }
        return false
    }
}
