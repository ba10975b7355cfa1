/// Measures finished sessions, one at a time: segments, trajectory, token replay,
/// alignment, person-steps and compliance (docs/auditing.md).
///
/// One per thread: it keeps every buffer between sessions, so measuring allocates
/// nothing once it has seen the largest session and net (keep the returned verdict only
/// as long as needed; see `SessionVerdict`).
///
/// ```swift
/// var measurer = SessionMeasurer(catalog: catalog)
/// for trace in sessions {
///     let verdict = measurer.measure(trace, inspection: inspections[trace.number])
///     tally.add(verdict, day: calendar.day(of: trace.startedAt))
/// }
/// ```
public struct SessionMeasurer: Sendable {
    public let catalog: NetCatalog
    private var segmenter = Segmenter()
    private var trajectory = TrajectoryCheck()
    private var tokenReplay = TokenReplay()
    private var alignment = Alignment()
    private var moves: [Int32] = []
    private var verdict = SessionVerdict()
    /// How many segments needed the full replay and the alignment search.
    public private(set) var searchedSegments = 0

    public init(catalog: NetCatalog) {
        self.catalog = catalog
        moves.reserveCapacity(64)
    }

    /// Measures one finished session.
    ///
    /// - Parameter inspection: the session's current QA verdict, when it was inspected.
    public mutating func measure(_ trace: SessionTrace, inspection: InspectionVerdict? = nil) -> SessionVerdict {
        verdict.reset()
        verdict.session = trace.number
        verdict.contactPoint = trace.contactPoint
        verdict.channel = trace.channel
        verdict.program = trace.program
        verdict.startedAt = trace.startedAt
        verdict.outcome = trace.outcome
        verdict.inspection = inspection
        guard !trace.steps.isEmpty else { return verdict }

        segmenter.split(trace.steps, catalog: catalog, into: &verdict.segments)
        let segments = verdict.segments
        for segment in segments {
            let net = catalog.net(segment.program)
            moves.removeAll(keepingCapacity: true)
            trajectory.walk(segment, of: trace, net: net, into: &verdict, moves: &moves)
            if Self.runsAsDesigned(moves, on: net) {
                // Every label a designed move from where the token is, ending in an end
                // state: nothing is missing or left, and the alignment is all synchronous.
                verdict.tokens += .perfect(length: moves.count)
                verdict.alignment += AlignmentCost(cost: 0, denominator: moves.count + max(net.shortestRun, 0))
            } else {
                searchedSegments += 1
                verdict.tokens += tokenReplay.replay(moves, on: net)
                verdict.alignment += alignment.align(moves, on: net)
            }
        }

        let net = catalog.net(trace.program)
        verdict.flowSLA = net.flowSLA
        if let sla = net.flowSLA, verdict.handlingTime > sla {
            verdict.withinFlowSLA = false
            verdict.deviations.append(Deviation(
                .flowSLA(handlingTime: verdict.handlingTime), sequence: trace.steps[trace.steps.count - 1].sequence,
                program: trace.program))
        }
        Self.order(&verdict.deviations)
        verdict.conformsOnTrajectory = !verdict.deviations.contains { $0.type.breaksTrajectory }

        verdict.owner = OrganisationCheck.check(trace, catalog: catalog, into: &verdict.personSteps)
        verdict.nonConformingPersonSteps = verdict.personSteps.count { !$0.conforms }

        verdict.compliant =
            verdict.conformsOnTrajectory && verdict.nonConformingPersonSteps == 0 && verdict.withinFlowSLA
            && inspection != .fail
        return verdict
    }

    /// The fast path's test: every label a designed move continuing from the current place,
    /// ending in an end state.
    static func runsAsDesigned(_ moves: [Int32], on net: FlowNet) -> Bool {
        var place = net.start
        for move in moves {
            guard move >= 0, net.moveFrom[Int(move)] == place else { return false }
            place = net.moveTo[Int(move)]
        }
        return net.isEnd[Int(place)]
    }

    /// By record, then by type; an insertion sort, as there are a handful at most.
    static func order(_ deviations: inout [Deviation]) {
        guard deviations.count > 1 else { return }
        for index in 1..<deviations.count {
            let deviation = deviations[index]
            var slot = index
            while slot > 0, Self.before(deviation, deviations[slot - 1]) {
                deviations[slot] = deviations[slot - 1]
                slot -= 1
            }
            deviations[slot] = deviation
        }
    }

    private static func before(_ lhs: Deviation, _ rhs: Deviation) -> Bool {
        (lhs.sequence, lhs.type.rawValue) < (rhs.sequence, rhs.type.rawValue)
    }
}
