/// The counters of a set of finished sessions: the four measurements' numerators and
/// denominators, summed so that any set can be added to any other.
public struct ConformanceCounts: Sendable, Hashable {
    public var sessions = 0
    public var trajectoryConforming = 0
    public var compliant = 0
    public var withinFlowSLA = 0
    /// Token replay and alignment sums over the sessions' segments.
    public var tokens = TokenCounts()
    public var alignment = AlignmentCost()
    public var personSteps = 0
    public var conformingPersonSteps = 0
    /// Deviations found, by type (a session may have several).
    public var deviations = DeviationCounts()
    /// Sessions with a current QA verdict, and how many of those pass; split by the
    /// automatic trajectory verdict for the agreement table.
    public var inspected = 0
    public var inspectionPass = 0
    public var agreement = AgreementTable()
    /// Total handling time, milliseconds.
    public var handlingTime: Int64 = 0

    public init() {}

    /// Counts one session.
    public mutating func add(_ verdict: SessionVerdict) {
        sessions += 1
        if verdict.conformsOnTrajectory { trajectoryConforming += 1 }
        if verdict.compliant { compliant += 1 }
        if verdict.withinFlowSLA { withinFlowSLA += 1 }
        tokens += verdict.tokens
        alignment += verdict.alignment
        personSteps += verdict.personSteps.count
        conformingPersonSteps += verdict.personSteps.count - verdict.nonConformingPersonSteps
        for deviation in verdict.deviations { deviations[deviation.type] += 1 }
        if let inspection = verdict.inspection {
            inspected += 1
            if inspection == .pass { inspectionPass += 1 }
            agreement.add(inspection: inspection, conformsOnTrajectory: verdict.conformsOnTrajectory)
        }
        handlingTime += verdict.handlingTime
    }

    public static func += (lhs: inout ConformanceCounts, rhs: ConformanceCounts) {
        lhs.sessions += rhs.sessions
        lhs.trajectoryConforming += rhs.trajectoryConforming
        lhs.compliant += rhs.compliant
        lhs.withinFlowSLA += rhs.withinFlowSLA
        lhs.tokens += rhs.tokens
        lhs.alignment += rhs.alignment
        lhs.personSteps += rhs.personSteps
        lhs.conformingPersonSteps += rhs.conformingPersonSteps
        lhs.deviations += rhs.deviations
        lhs.inspected += rhs.inspected
        lhs.inspectionPass += rhs.inspectionPass
        lhs.agreement += rhs.agreement
        lhs.handlingTime += rhs.handlingTime
    }

    // MARK: Rates (nil when there is nothing to divide by)

    /// Trajectory measurement: sessions conforming on trajectory / sessions.
    public var trajectoryRate: Double? { Self.rate(trajectoryConforming, sessions) }
    /// Organisational conformance: conforming person-steps / person-steps.
    public var personStepRate: Double? { Self.rate(conformingPersonSteps, personSteps) }
    /// Field use: sessions whose current verdict is pass / sessions with a current verdict.
    public var fieldUseRate: Double? { Self.rate(inspectionPass, inspected) }
    /// Flow compliance rate: compliant / finished sessions.
    public var complianceRate: Double? { Self.rate(compliant, sessions) }
    public var flowSLARate: Double? { Self.rate(withinFlowSLA, sessions) }
    public var tokenFitness: Double? { sessions > 0 ? tokens.fitness : nil }
    public var alignmentFitness: Double? { sessions > 0 ? alignment.fitness : nil }
    /// Average handling time, milliseconds.
    public var averageHandlingTime: Double? { sessions > 0 ? Double(handlingTime) / Double(sessions) : nil }

    static func rate(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }
}
