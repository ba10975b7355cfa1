/// The graph facts a net needs, computed once when it is built: the shortest complete run
/// and each state's dominators over the designed moves.
struct NetAnalysis {
    /// L: the fewest designed moves from the start to an end state (then `τ` to `sink`,
    /// which is silent); -1 when no end state can be reached.
    let shortestRun: Int
    let wordsPerSet: Int
    /// `stateCount × wordsPerSet` words: bit `d` of state `s`'s set is on when `d` lies
    /// on every designed path from the start to `s`.
    let dominators: [UInt64]

    init(stateCount n: Int, start: Int, moveFrom: [Int32], moveTo: [Int32], isEnd: [Bool]) {
        let words = max(1, (n + 63) >> 6)
        wordsPerSet = words
        var successors = [[Int]](repeating: [], count: n)
        var predecessors = [[Int]](repeating: [], count: n)
        for (from, to) in zip(moveFrom, moveTo) where from != to {
            successors[Int(from)].append(Int(to))
            predecessors[Int(to)].append(Int(from))
        }

        // Breadth first from the start: distances in moves, and the order states are reached.
        var distance = [Int](repeating: -1, count: n)
        var order: [Int] = []
        if start >= 0, start < n {
            distance[start] = 0
            order.append(start)
            var head = 0
            while head < order.count {
                let state = order[head]
                head += 1
                for next in successors[state] where distance[next] < 0 {
                    distance[next] = distance[state] + 1
                    order.append(next)
                }
            }
        }
        shortestRun = (0..<n).filter { isEnd[$0] && distance[$0] >= 0 }.map { distance[$0] }.min() ?? -1

        // Iterative dataflow: dom(start) = {start}; dom(s) = {s} ∪ ⋂ dom(p) over reached
        // predecessors p. A state no designed path reaches (only an override gets there)
        // has no path to lie on: it is dominated by itself alone, so entering it never
        // makes a mandatory state count as skipped.
        var sets = [UInt64](repeating: 0, count: n * words)
        func set(_ state: Int, _ bit: Int) { sets[state * words + bit >> 6] |= 1 << UInt64(bit & 63) }
        for state in 0..<n {
            if distance[state] >= 0, state != start {
                for word in 0..<words { sets[state * words + word] = ~0 }
            } else {
                set(state, state)
            }
        }
        var changed = true
        var scratch = [UInt64](repeating: 0, count: words)
        while changed {
            changed = false
            for state in order where state != start {
                for word in 0..<words { scratch[word] = ~0 }
                for predecessor in predecessors[state] where distance[predecessor] >= 0 {
                    for word in 0..<words { scratch[word] &= sets[predecessor * words + word] }
                }
                scratch[state >> 6] |= 1 << UInt64(state & 63)
                for word in 0..<words where sets[state * words + word] != scratch[word] {
                    sets[state * words + word] = scratch[word]
                    changed = true
                }
            }
        }
        // Bits past the last state (from the all-ones start) mean nothing: clear them.
        if n & 63 != 0 {
            let mask: UInt64 = (1 << UInt64(n & 63)) - 1
            for state in 0..<n { sets[state * words + words - 1] &= mask }
        }
        dominators = sets
    }
}
