/// One visit of a state (docs/auditing.md, "Visit"): from the record that entered it to
/// the move that left it.
public struct StateVisit: Sendable, Hashable {
    public var program: Int32
    public var state: Int32
    /// The records that entered and left it; `left` is -1 while it is still open (an end
    /// state, or a log that stops there).
    public var entered: Int32
    public var left: Int32
    /// Milliseconds; -1 while open.
    public var duration: Int64

    public init(program: Int32, state: Int32, entered: Int32, left: Int32, duration: Int64) {
        self.program = program
        self.state = state
        self.entered = entered
        self.left = left
        self.duration = duration
    }

    public var isClosed: Bool { duration >= 0 }
}

/// The trajectory walk of one segment: its deviations, visits, handling time, trace
/// (for replay and alignment), the moves it used and, for the depth-0 segment, the
/// session's path variant. One walk over the segment's own records, plus a pass over the
/// states it entered only when a mandatory state was never visited.
///
/// Keeps its buffers between calls, as `SessionMeasurer` does.
public struct TrajectoryCheck: Sendable {
    private var visited: [UInt64] = []
    private var reported: [UInt64] = []
    private var entryCounts: [Int32] = []
    /// The records that entered a state, in order: (state, sequence).
    private var entries: [(state: Int32, sequence: Int32)] = []

    public init() {}

    /// Walks `segment` of `trace`, appending what it finds to `verdict`, and the segment's
    /// trace as move ids (-1 for a label the net does not have) to `moves`.
    public mutating func walk(
        _ segment: Segment, of trace: SessionTrace, net: FlowNet, into verdict: inout SessionVerdict,
        moves: inout [Int32]
    ) {
        let steps = trace.steps
        let program = segment.program
        let depth = segment.depth
        let words = net.wordsPerSet
        if visited.count < words {
            visited = [UInt64](repeating: 0, count: words)
            reported = [UInt64](repeating: 0, count: words)
        }
        for word in 0..<words {
            visited[word] = 0
            reported[word] = 0
        }
        if entryCounts.count < net.stateCount { entryCounts = [Int32](repeating: 0, count: net.stateCount) }
        for state in 0..<net.stateCount { entryCounts[state] = 0 }
        entries.removeAll(keepingCapacity: true)

        // The visit going on: its state, when and by which record it was entered.
        var current: Int32 = -1
        var currentSince: Int64 = 0
        var currentEntered: Int32 = -1
        // A bounded state entered past its limit, waiting to see whether its exit is taken.
        var limitState: Int32 = -1
        var limitSequence: Int32 = -1
        let recordsVariant = depth == 0 && verdict.variant.isEmpty

        func close(_ state: Int32, entered: Int32, left: Int32, duration: Int64, verdict: inout SessionVerdict) {
            verdict.visits.append(StateVisit(program: program, state: state, entered: entered, left: left, duration: duration))
            let sla = net.stateSLA[Int(state)]
            if sla >= 0, duration > sla {
                verdict.deviations.append(Deviation(.stateSLA(state: state, duration: duration), sequence: left, program: program))
            }
            let kind = net.kinds[Int(state)]
            if kind != .wait, kind != .subflow { verdict.handlingTime += duration }
        }

        var index = Int(segment.first)
        let last = Int(segment.last)
        while index <= last {
            let step = steps[index]
            index += 1
            guard step.depth == depth, !step.isAnnotation else { continue }
            if !step.isStart {
                switch step.trigger {
                case .override: verdict.deviations.append(Deviation(.override, sequence: step.sequence, program: program))
                case .outside: verdict.deviations.append(Deviation(.outsideStep, sequence: step.sequence, program: program))
                default: break
                }
                if limitState >= 0 {
                    let exit = net.visitLimitExit[Int(limitState)]
                    let tookExit = step.trigger == .limit && step.from == limitState && exit >= 0 && step.to == exit
                    if !tookExit {
                        verdict.deviations.append(Deviation(.loopBound(state: limitState), sequence: limitSequence, program: program))
                    }
                    limitState = -1
                }
                if step.to >= 0 {
                    let move = net.moveID(from: step.from, to: step.to)
                    moves.append(move)
                    if move >= 0 { verdict.movesUsed.append(MoveUse(program: program, move: move)) }
                }
                if recordsVariant { verdict.variant.append(step.to) }
                // A retry keeps the visit going; every other move ends it.
                if step.isRetry { continue }
                close(
                    step.from, entered: current == step.from ? currentEntered : step.sequence, left: step.sequence,
                    duration: step.duration, verdict: &verdict)
                current = -1
                guard step.to >= 0 else { continue }
            } else if recordsVariant {
                verdict.variant.append(step.to)
            }
            // The record enters `step.to`.
            let state = step.to
            visited[Int(state) >> 6] |= 1 << (UInt64(state) & 63)
            entryCounts[Int(state)] += 1
            entries.append((state, step.sequence))
            current = state
            currentSince = step.leftAt
            currentEntered = step.sequence
            let limit = net.visitLimit[Int(state)]
            if limit >= 0, entryCounts[Int(state)] > limit {
                limitState = state
                limitSequence = step.sequence
            }
        }
        if limitState >= 0 {
            // Entered past its limit and never left by the exit.
            verdict.deviations.append(Deviation(.loopBound(state: limitState), sequence: limitSequence, program: program))
        }

        // The visit still open: cut short by a record at a lower depth, it ends there;
        // otherwise it stays open (an end state, or a log that stops).
        if current >= 0 {
            let endedBy = Int(segment.endedBy)
            if endedBy >= 0, steps[endedBy].depth < depth {
                let cut = steps[endedBy]
                close(current, entered: currentEntered, left: cut.sequence, duration: cut.leftAt - currentSince, verdict: &verdict)
            } else {
                verdict.visits.append(StateVisit(program: program, state: current, entered: currentEntered, left: -1, duration: -1))
            }
        }

        if !segment.reachedEnd {
            let at = segment.endedBy >= 0 ? steps[Int(segment.endedBy)].sequence : steps[Int(segment.last)].sequence
            // One record can end several segments (a hang-up nothing handles inside a
            // subflow ends the subflow and its caller): one deviation for the record.
            let known = verdict.deviations.contains { $0.sequence == at && $0.type == .abandoned }
            if !known { verdict.deviations.append(Deviation(.abandoned, sequence: at, program: program)) }
        }

        reportSkippedMandatory(net: net, program: program, into: &verdict)
    }

    /// `skipped-mandatory`: each mandatory state never visited in the segment that
    /// dominates a state it entered, located at the first record entering such a state.
    private mutating func reportSkippedMandatory(net: FlowNet, program: Int32, into verdict: inout SessionVerdict) {
        let words = net.wordsPerSet
        var anyMissing = false
        for word in 0..<words where net.mandatoryWords[word] & ~visited[word] != 0 { anyMissing = true }
        guard anyMissing else { return }
        for entry in entries {
            let base = Int(entry.state) * words
            for word in 0..<words {
                var candidates = net.dominatorWords[base + word] & net.mandatoryWords[word] & ~visited[word] & ~reported[word]
                guard candidates != 0 else { continue }
                reported[word] |= candidates
                while candidates != 0 {
                    let bit = candidates.trailingZeroBitCount
                    candidates &= candidates - 1
                    let state = Int32(word << 6 + bit)
                    verdict.deviations.append(
                        Deviation(.skippedMandatory(state: state), sequence: entry.sequence, program: program))
                }
            }
        }
    }
}
