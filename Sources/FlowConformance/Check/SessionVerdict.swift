import FlowModel

/// A QA inspector's current verdict on a session (docs/auditing.md, "Inspections").
public enum InspectionVerdict: String, Sendable, Hashable, CaseIterable {
    case pass
    case fail
}

/// A designed move some session used: for usage coverage.
public struct MoveUse: Sendable, Hashable {
    public var program: Int32
    public var move: Int32

    public init(program: Int32, move: Int32) {
        self.program = program
        self.move = move
    }
}

/// Everything measured about one finished session: the four measurements' inputs.
///
/// Made by `SessionMeasurer`, whose buffers its arrays share: keeping a verdict past the
/// next `measure` call is safe (the arrays copy on write), but costs that copy.
public struct SessionVerdict: Sendable {
    /// The session's number in the store, its contact point and channel (vocabulary ids).
    public var session: Int64 = -1
    public var contactPoint: Int32 = -1
    public var channel: Int32 = -1
    /// The session's own flow version.
    public var program: Int32 = -1
    public var startedAt: Int64 = 0
    public var outcome: EndOutcome?

    /// The segments the session split into (index ranges into its steps).
    public var segments: [Segment] = []

    // MARK: Trajectory

    /// No override, outside step, skipped mandatory state, abandoned segment or loop bound.
    public var conformsOnTrajectory = true
    /// Every deviation, ordered by the record it is located at.
    public var deviations: [Deviation] = []
    /// Token replay and alignment, summed over the session's segments.
    public var tokens = TokenCounts()
    public var alignment = AlignmentCost()
    /// The states the depth-0 segment entered: the start, then each move's target
    /// (-1, shown `✗`, for a move to no state).
    public var variant: [Int32] = []
    /// Every visit, at any depth, in the order they ended.
    public var visits: [StateVisit] = []
    /// The designed moves the session's segments took (a move once per time taken).
    public var movesUsed: [MoveUse] = []

    // MARK: Organisation

    /// Every person-step, with the checks it failed.
    public var personSteps: [PersonStep] = []
    public var nonConformingPersonSteps = 0
    public var owner = SessionOwner.nobody

    // MARK: Time and compliance

    /// Milliseconds (see docs/auditing.md, "Handling time").
    public var handlingTime: Int64 = 0
    /// The session's flow's `sla`, milliseconds.
    public var flowSLA: Int64?
    public var withinFlowSLA = true
    public var inspection: InspectionVerdict?
    /// On trajectory, every person-step conforming, within the flow's SLA, and not failed by QA.
    public var compliant = true

    public init() {}

    /// Whether any deviation of `type` was found.
    public func has(_ type: DeviationType) -> Bool { deviations.contains { $0.type == type } }

    /// The deviations counted by type.
    public var deviationCounts: DeviationCounts {
        var counts = DeviationCounts()
        for deviation in deviations { counts[deviation.type] += 1 }
        return counts
    }

    /// Empties the verdict for the next session, keeping its arrays' storage.
    mutating func reset() {
        session = -1
        contactPoint = -1
        channel = -1
        program = -1
        startedAt = 0
        outcome = nil
        segments.removeAll(keepingCapacity: true)
        conformsOnTrajectory = true
        deviations.removeAll(keepingCapacity: true)
        tokens = TokenCounts()
        alignment = AlignmentCost()
        variant.removeAll(keepingCapacity: true)
        visits.removeAll(keepingCapacity: true)
        movesUsed.removeAll(keepingCapacity: true)
        personSteps.removeAll(keepingCapacity: true)
        nonConformingPersonSteps = 0
        owner = .nobody
        handlingTime = 0
        flowSLA = nil
        withinFlowSLA = true
        inspection = nil
        compliant = true
    }
}
