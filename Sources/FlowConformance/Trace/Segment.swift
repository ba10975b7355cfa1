/// The records of one run of one flow in a session (docs/auditing.md, "Segment"): the
/// session's own flow at depth 0, each subflow call at depth 1, 2...
///
/// A segment is index ranges into its session's steps, not a copy: its own records are
/// the steps from `first` to `last` at its `depth` (deeper ones between them belong to
/// the subflows it called).
public struct Segment: Sendable, Hashable {
    /// The flow version it ran (a `NetCatalog` number).
    public var program: Int32
    public var depth: Int16
    /// Indices in `SessionTrace.steps`: its first and last own records.
    public var first: Int32
    public var last: Int32
    /// The index of the record that ended it: its own last record (an end state, or a
    /// move to no state), the record at a lower depth that cut it short, or -1 when the
    /// log ran out first.
    public var endedBy: Int32
    /// Whether it ended in an end state of its flow.
    public var reachedEnd: Bool

    public init(program: Int32, depth: Int16, first: Int32, last: Int32, endedBy: Int32, reachedEnd: Bool) {
        self.program = program
        self.depth = depth
        self.first = first
        self.last = last
        self.endedBy = endedBy
        self.reachedEnd = reachedEnd
    }

    /// Whether step `index` of the session is one of this segment's own records.
    @inlinable public func owns(_ index: Int, in steps: [TraceStep]) -> Bool {
        index >= Int(first) && index <= Int(last) && steps[index].depth == depth
    }
}

/// Splits sessions into segments, reusing its buffers from one session to the next.
public struct Segmenter: Sendable {
    /// Indices into `segments` of the segments still open, one per depth, deepest last.
    private var open: [Int32] = []

    public init() {
        open.reserveCapacity(8)
    }

    /// The segments of `steps`, in the order they opened, into `segments` (cleared first).
    ///
    /// A start record at depth d opens a segment of its program; the segment ends at its
    /// own record with an outcome or with no target, or when a record at a lower depth
    /// appears. A record at a depth with no open segment (a log that does not begin with
    /// its start) opens one where it stands.
    public mutating func split(_ steps: [TraceStep], catalog: NetCatalog, into segments: inout [Segment]) {
        segments.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
        for index in steps.indices {
            let step = steps[index]
            // A record at a lower depth ends every deeper segment still open: it cut them short.
            while let top = open.last, segments[Int(top)].depth > step.depth {
                segments[Int(top)].endedBy = Int32(index)
                open.removeLast()
            }
            if let top = open.last, segments[Int(top)].depth == step.depth, !step.isStart {
                segments[Int(top)].last = Int32(index)
            } else {
                if let top = open.last, segments[Int(top)].depth == step.depth {
                    // A new start at a depth whose segment never ended.
                    segments[Int(top)].endedBy = Int32(index)
                    open.removeLast()
                }
                open.append(Int32(segments.count))
                segments.append(Segment(
                    program: step.program, depth: step.depth, first: Int32(index), last: Int32(index), endedBy: -1,
                    reachedEnd: false))
            }
            if step.outcome != nil || step.to < 0 {
                let top = Int(open[open.count - 1])
                segments[top].endedBy = Int32(index)
                segments[top].reachedEnd = step.to >= 0 && catalog.net(step.program).isEndState(step.to)
                open.removeLast()
            }
        }
    }
}
