import FlowModel

/// Rules on the shape of a flow's state graph: reachability, paths to an end, exits,
/// overlapping transitions, decisions without `otherwise`, and unbounded loops.
enum GraphRules {
    static func check(_ flow: Flow, into diagnostics: inout [Diagnostic]) {
        let graph = StateGraph(flow)
        checkEnds(flow, into: &diagnostics)
        checkExits(flow, into: &diagnostics)
        checkOverlaps(flow, into: &diagnostics)
        guard let start = flow.start.index else { return }
        let reachable = graph.reachable(from: start, includingHandlers: true)
        checkReachability(flow, reachable: reachable, into: &diagnostics)
        checkPathsToEnd(flow, graph: graph, reachable: reachable, into: &diagnostics)
        checkLoops(flow, graph: graph, reachable: reachable, into: &diagnostics)
    }

    /// FM209: end states have no transitions.
    private static func checkEnds(_ flow: Flow, into diagnostics: inout [Diagnostic]) {
        for state in flow.states where state.isEnd {
            guard let first = state.transitions.first else { continue }
            diagnostics.append(Diagnostic(
                .endWithExits, "end state '\(state.id)' has transitions; an end state finishes the contact",
                at: first.location))
        }
    }

    /// FM205 and FM207: every other state has a way out; decisions have `otherwise`.
    private static func checkExits(_ flow: Flow, into diagnostics: inout [Diagnostic]) {
        for state in flow.states where !state.isEnd {
            if case .decision = state.kind, !state.transitions.contains(where: { $0.origin == .otherwise }) {
                diagnostics.append(Diagnostic(
                    .decisionWithoutOtherwise,
                    "decision '\(state.id)' has no 'otherwise'; a contact that matches no branch would be stuck",
                    at: state.location))
            }
            if state.transitions.allSatisfy({ $0.origin == .visitLimit }) {
                diagnostics.append(Diagnostic(
                    .noExit, "state '\(state.id)' is not an end state and has no transitions; a contact entering it stops here",
                    at: state.location))
            }
        }
    }

    /// FM206: a transition that an earlier one on the same event always pre-empts.
    private static func checkOverlaps(_ flow: Flow, into diagnostics: inout [Diagnostic]) {
        for state in flow.states {
            overlaps(in: state.transitions.filter { !$0.origin.isBound }, where: "state '\(state.id)'", into: &diagnostics)
        }
        overlaps(in: flow.handlers.map(\.transition), where: "the flow's handlers", into: &diagnostics)
    }

    private static func overlaps(in transitions: [Transition], where place: String, into diagnostics: inout [Diagnostic]) {
        // A state has a handful of transitions: comparing pairs beats grouping by event.
        for (index, later) in transitions.enumerated().dropFirst() {
            let eventName = later.event.map { "'\($0)'" } ?? "entry"
            var catchAll: Transition?
            var same: Transition?
            for earlier in transitions[..<index] where earlier.event == later.event {
                // Options with one key are reported where the options are decoded, more plainly.
                if case .option(let key) = later.origin, case .option(let other) = earlier.origin, key == other { continue }
                if earlier.guardExpression == nil {
                    catchAll = earlier
                    break
                }
                if same == nil, let text = later.guardExpression?.description, earlier.guardExpression?.description == text {
                    same = earlier
                }
            }
            if let catchAll {
                diagnostics.append(Diagnostic(
                    .overlappingTransitions,
                    "in \(place), this transition on \(eventName) can never fire: an earlier one on the same event has no guard",
                    at: later.location, notes: [.init("the unguarded transition", at: catchAll.location)]))
            } else if let same, let text = later.guardExpression?.description {
                diagnostics.append(Diagnostic(
                    .overlappingTransitions,
                    "in \(place), this transition on \(eventName) can never fire: an earlier one has the same guard '\(text)'",
                    at: later.location, notes: [.init("the earlier transition", at: same.location)]))
            }
        }
    }

    /// FM203: states no path from the start reaches.
    private static func checkReachability(_ flow: Flow, reachable: [Bool], into diagnostics: inout [Diagnostic]) {
        // A target that does not exist (reported) may be the missing way in; do not guess.
        guard !flow.states.contains(where: { $0.transitions.contains { $0.target.index == nil } }) else { return }
        for (index, state) in flow.states.enumerated() where !reachable[index] {
            diagnostics.append(Diagnostic(
                .unreachableState, "state '\(state.id)' cannot be reached from the start state '\(flow.start.name)'",
                at: state.location))
        }
    }

    /// FM204: states from which the designed transitions never reach an end.
    ///
    /// Handlers do not count as a way to finish: a loop that only a hang-up can leave is
    /// a design fault even though the hang-up handler ends the contact.
    private static func checkPathsToEnd(_ flow: Flow, graph: StateGraph, reachable: [Bool], into diagnostics: inout [Diagnostic]) {
        let finishing = graph.canReachEnd()
        for (index, state) in flow.states.enumerated() where reachable[index] && !finishing[index] && !state.isEnd {
            // A state with no exits at all, or with a target that does not exist, is already reported.
            guard !state.transitions.allSatisfy({ $0.origin == .visitLimit }),
                !state.transitions.contains(where: { $0.target.index == nil })
            else { continue }
            diagnostics.append(Diagnostic(
                .noPathToEnd,
                "no path from state '\(state.id)' reaches an end state; a contact here can never finish (only a handler such as a hang-up could end it)",
                at: state.location))
        }
    }

    /// FM208: every loop has a bound: a visit limit on one of its states, or a guard that
    /// reads a variable the loop itself changes (a counter).
    ///
    /// A state with a visit limit bounds every cycle through it, so the loops left to
    /// check are the cycles of the graph without those states.
    private static func checkLoops(_ flow: Flow, graph: StateGraph, reachable: [Bool], into diagnostics: inout [Diagnostic]) {
        let limited = Set(flow.states.indices.filter { flow.states[$0].visitLimit != nil })
        for component in graph.loops(excluding: limited) where component.contains(where: { reachable[$0] }) {
            let members = Set(component)
            var assigned: Set<Int> = []
            var guardReads: Set<Int> = []
            func visit(_ transition: Transition) {
                // A guard inside the loop, or on the way out of it, that reads a counter is a bound.
                if let reads = transition.guardExpression?.checked?.referencedSlots { guardReads.formUnion(reads) }
                guard let target = transition.target.index, members.contains(target) else { return }
                for assignment in transition.assignments {
                    if let slot = assignment.variable.slot { assigned.insert(slot) }
                }
            }
            for index in component {
                flow.states[index].transitions.forEach(visit)
                for handler in flow.handlers where !handler.except.contains(where: { $0.index == index }) {
                    visit(handler.transition)
                }
            }
            if !assigned.isDisjoint(with: guardReads) { continue }
            let ordered = component.sorted()
            let names = ordered.map { flow.states[$0].id }
            let first = flow.states[ordered[0]]
            diagnostics.append(Diagnostic(
                .unboundedLoop,
                "states \(names.map { "'\($0)'" }.joined(separator: ", ")) form a loop with no bound; add 'visits: { max: N, then: <state> }' to one of them, or guard a transition with a counter the loop increments",
                at: first.location,
                notes: ordered.dropFirst().map { .init("state '\(flow.states[$0].id)' is in the loop", at: flow.states[$0].location) }))
        }
    }
}

/// A flow's states as a graph of indexes: own transitions, and handler edges apart.
struct StateGraph {
    /// Targets of each state's own transitions.
    let own: [[Int]]
    /// Targets of the handlers that apply to each state.
    let handlers: [[Int]]
    let isEnd: [Bool]

    init(_ flow: Flow) {
        // An end state's transitions are reported (FM209) and never taken.
        own = flow.states.map { $0.isEnd ? [] : $0.transitions.compactMap(\.target.index) }
        handlers = flow.states.indices.map { index in
            flow.states[index].isEnd ? [] : flow.handlers.compactMap { handler in
                guard !handler.except.contains(where: { $0.index == index }), let target = handler.transition.target.index,
                    target != index
                else { return nil }
                return target
            }
        }
        isEnd = flow.states.map(\.isEnd)
    }

    func successors(_ index: Int, includingHandlers: Bool) -> [Int] {
        includingHandlers ? own[index] + handlers[index] : own[index]
    }

    private func successors(_ index: Int, excluding removed: Set<Int>) -> [Int] {
        let all = own[index] + handlers[index]
        return removed.isEmpty ? all : all.filter { !removed.contains($0) }
    }

    func reachable(from start: Int, includingHandlers: Bool) -> [Bool] {
        var seen = [Bool](repeating: false, count: own.count)
        var stack = [start]
        seen[start] = true
        while let node = stack.popLast() {
            for next in successors(node, includingHandlers: includingHandlers) where !seen[next] {
                seen[next] = true
                stack.append(next)
            }
        }
        return seen
    }

    /// Which states reach an end through their own transitions.
    func canReachEnd() -> [Bool] {
        var predecessors = [[Int]](repeating: [], count: own.count)
        for (from, targets) in own.enumerated() {
            for target in targets { predecessors[target].append(from) }
        }
        var finishing = isEnd
        var stack = isEnd.indices.filter { isEnd[$0] }
        while let node = stack.popLast() {
            for previous in predecessors[node] where !finishing[previous] {
                finishing[previous] = true
                stack.append(previous)
            }
        }
        return finishing
    }

    /// Strongly connected components that hold a cycle (several states, or one with a self-loop),
    /// over own and handler edges, leaving out the `excluding` states (Tarjan's algorithm,
    /// without recursion).
    func loops(excluding removed: Set<Int> = []) -> [[Int]] {
        let count = own.count
        var index = [Int](repeating: -1, count: count)
        var lowLink = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var nextIndex = 0
        var components: [[Int]] = []
        for root in 0..<count where index[root] == -1 && !removed.contains(root) {
            var work: [(node: Int, successor: Int)] = [(root, 0)]
            index[root] = nextIndex
            lowLink[root] = nextIndex
            nextIndex += 1
            stack.append(root)
            onStack[root] = true
            while let (node, position) = work.last {
                let next = successors(node, excluding: removed)
                if position < next.count {
                    work[work.count - 1].successor += 1
                    let target = next[position]
                    if index[target] == -1 {
                        index[target] = nextIndex
                        lowLink[target] = nextIndex
                        nextIndex += 1
                        stack.append(target)
                        onStack[target] = true
                        work.append((target, 0))
                    } else if onStack[target] {
                        lowLink[node] = min(lowLink[node], index[target])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { lowLink[parent] = min(lowLink[parent], lowLink[node]) }
                guard lowLink[node] == index[node] else { continue }
                var component: [Int] = []
                while let member = stack.popLast() {
                    onStack[member] = false
                    component.append(member)
                    if member == node { break }
                }
                if component.count > 1 || successors(node, excluding: removed).contains(node) {
                    components.append(component)
                }
            }
        }
        return components
    }
}
