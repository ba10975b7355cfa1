/// Token counts of a replay: missing, consumed, remaining, produced.
public struct TokenCounts: Sendable, Hashable {
    public var missing: Int
    public var consumed: Int
    public var remaining: Int
    public var produced: Int

    public init(missing: Int = 0, consumed: Int = 0, remaining: Int = 0, produced: Int = 0) {
        self.missing = missing
        self.consumed = consumed
        self.remaining = remaining
        self.produced = produced
    }

    /// ½(1 − m/c) + ½(1 − r/p); 1 for nothing replayed.
    public var fitness: Double {
        let missingPart = consumed > 0 ? Double(missing) / Double(consumed) : 0
        let remainingPart = produced > 0 ? Double(remaining) / Double(produced) : 0
        return 0.5 * (1 - missingPart) + 0.5 * (1 - remainingPart)
    }

    public static func + (lhs: TokenCounts, rhs: TokenCounts) -> TokenCounts {
        TokenCounts(
            missing: lhs.missing + rhs.missing, consumed: lhs.consumed + rhs.consumed,
            remaining: lhs.remaining + rhs.remaining, produced: lhs.produced + rhs.produced)
    }

    public static func += (lhs: inout TokenCounts, rhs: TokenCounts) { lhs = lhs + rhs }

    /// The counts of a trace of `length` designed moves that runs from the start to an end
    /// state: every move enabled, then `τe` and the final marking.
    public static func perfect(length: Int) -> TokenCounts {
        TokenCounts(missing: 0, consumed: length + 2, remaining: 0, produced: length + 2)
    }
}

/// Token-based replay of a segment's trace on its net, counting as pm4py's token replay
/// does (docs/auditing.md, "Fitness, by token replay").
///
/// Keeps its marking between calls: replaying allocates nothing once it has seen the
/// largest net.
public struct TokenReplay: Sendable {
    private var marking: [Int32] = []

    public init() {}

    /// Replays `trace`: the segment's moves as net move ids, -1 for a label the net does
    /// not have (skipped: it changes nothing).
    public mutating func replay(_ trace: [Int32], on net: FlowNet) -> TokenCounts {
        let places = net.placeCount
        if marking.count < places { marking = [Int32](repeating: 0, count: places) }
        for place in 0..<places { marking[place] = 0 }
        marking[Int(net.start)] = 1
        var counts = TokenCounts(produced: 1)
        for move in trace where move >= 0 {
            let from = Int(net.moveFrom[Int(move)])
            if marking[from] == 0 {
                marking[from] = 1
                counts.missing += 1
            }
            marking[from] -= 1
            counts.consumed += 1
            marking[Int(net.moveTo[Int(move)])] += 1
            counts.produced += 1
        }
        let sink = Int(net.sink)
        if marking[sink] == 0, let end = net.endStates.first(where: { marking[Int($0)] > 0 }) {
            // τe: the end state's token goes to `sink`.
            marking[Int(end)] -= 1
            marking[sink] += 1
            counts.consumed += 1
            counts.produced += 1
        }
        // The final marking: one token in `sink`, added when missing.
        counts.consumed += 1
        if marking[sink] == 0 {
            counts.missing += 1
        } else {
            marking[sink] -= 1
        }
        for place in 0..<places { counts.remaining += Int(marking[place]) }
        return counts
    }
}
