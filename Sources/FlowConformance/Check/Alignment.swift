/// The cost of a segment's cheapest alignment and its denominator, trace length + L.
public struct AlignmentCost: Sendable, Hashable {
    public var cost: Int
    public var denominator: Int

    public init(cost: Int = 0, denominator: Int = 0) {
        self.cost = cost
        self.denominator = denominator
    }

    /// 1 − cost / denominator; 1 for nothing aligned.
    public var fitness: Double { denominator > 0 ? 1 - Double(cost) / Double(denominator) : 1 }

    public static func + (lhs: AlignmentCost, rhs: AlignmentCost) -> AlignmentCost {
        AlignmentCost(cost: lhs.cost + rhs.cost, denominator: lhs.denominator + rhs.denominator)
    }

    public static func += (lhs: inout AlignmentCost, rhs: AlignmentCost) { lhs = lhs + rhs }
}

/// Optimal alignment of a segment's trace with a complete run of its net (docs/auditing.md,
/// "Fitness, by optimal alignment").
///
/// The net is a state machine, so a run's marking is one token in one place and the
/// alignment is a shortest path over (trace position, place): a synchronous move costs 0,
/// a log move 1, a model move 1, `τe` 0. Costs are 0 or 1, so a 0-1 breadth-first search
/// (a deque: 0-cost edges to the front, 1-cost to the back) finds it in time linear in
/// the edges. The buffers stay between calls.
public struct Alignment: Sendable {
    private var distance: [Int32] = []
    private var queue = NodeDeque()

    public init() {}

    /// Aligns `trace` (move ids, -1 for a label the net does not have) with `net`.
    public mutating func align(_ trace: [Int32], on net: FlowNet) -> AlignmentCost {
        let length = trace.count
        guard net.shortestRun >= 0 else {
            // No complete run exists (lint refuses such flows): every label is a log move.
            return AlignmentCost(cost: length, denominator: length)
        }
        let places = net.placeCount
        let sink = Int(net.sink)
        let nodes = (length + 1) * places
        if distance.count < nodes { distance = [Int32](repeating: .max, count: nodes) }
        for node in 0..<nodes { distance[node] = .max }
        queue.removeAll()
        let origin = Int32(Int(net.start))
        distance[Int(origin)] = 0
        queue.pushFront(origin)
        let goal = length * places + sink
        while let node = queue.popFront() {
            let here = distance[Int(node)]
            if Int(node) == goal { return AlignmentCost(cost: Int(here), denominator: length + net.shortestRun) }
            let position = Int(node) / places
            let place = Int(node) % places
            func relax(_ next: Int, _ cost: Int32) {
                let candidate = here + cost
                if candidate < distance[next] {
                    distance[next] = candidate
                    if cost == 0 { queue.pushFront(Int32(next)) } else { queue.pushBack(Int32(next)) }
                }
            }
            if place != sink {
                if net.isEnd[place] { relax(position * places + sink, 0) }
                for move in net.moves(from: Int32(place)) {
                    relax(position * places + Int(net.moveTo[Int(move)]), 1)
                }
            }
            if position < length {
                relax((position + 1) * places + place, 1)
                let label = trace[position]
                if label >= 0, Int(net.moveFrom[Int(label)]) == place {
                    relax((position + 1) * places + Int(net.moveTo[Int(label)]), 0)
                }
            }
        }
        // Unreachable: log moves to the end of the trace and a complete run always exist.
        return AlignmentCost(cost: length + net.shortestRun, denominator: length + net.shortestRun)
    }
}

/// A ring-buffer deque of node numbers that grows when full and keeps its storage.
struct NodeDeque: Sendable {
    private var storage = [Int32](repeating: 0, count: 64)
    private var head = 0
    private var count = 0

    mutating func removeAll() {
        head = 0
        count = 0
    }

    mutating func pushFront(_ node: Int32) {
        if count == storage.count { grow() }
        head = (head - 1 + storage.count) & (storage.count - 1)
        storage[head] = node
        count += 1
    }

    mutating func pushBack(_ node: Int32) {
        if count == storage.count { grow() }
        storage[(head + count) & (storage.count - 1)] = node
        count += 1
    }

    mutating func popFront() -> Int32? {
        guard count > 0 else { return nil }
        let node = storage[head]
        head = (head + 1) & (storage.count - 1)
        count -= 1
        return node
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: storage.count * 2)
        for index in 0..<count { bigger[index] = storage[(head + index) & (storage.count - 1)] }
        storage = bigger
        head = 0
    }
}
