/// Every figure of a monthly report: what `report.json` holds (docs/auditing.md, "The
/// monthly report", lists the keys). The HTML page and the CSV show the same figures.
///
/// Rates are fractions (0...1); a rate with nothing to divide by is absent. Times are seconds.
public struct ReportFigures: Codable, Sendable, Hashable {
    /// The layout of this file; raised when a key changes meaning.
    public var format: Int
    /// `2026-11`.
    public var month: String
    /// The IANA time zone days are counted in.
    public var timeZone: String
    /// The flow map's name.
    public var flowMap: String
    /// Fewer sessions than this are too few to flag a contact point or cell.
    public var minSessions: Int
    /// The whole month.
    public var headline: HeadlineFigures
    /// Every day of the month, in order (days without sessions included, with zero sessions).
    public var days: [DayFigures]
    /// Earlier months' reports found beside this one, oldest first, then this month.
    public var months: [MonthFigures]
    /// The flow map: a row per business, a cell per channel.
    public var matrix: MatrixFigures
    /// Every contact point of the map that offers a flow, and any other one the log names, by code.
    public var contactPoints: [ContactPointFigures]
    /// Contact points with at least `minSessions` sessions, lowest compliance rate first (at most ten).
    public var worstContactPoints: [String]
    /// Deviations by type, and the contact points with the most of them (at most ten).
    public var deviations: DeviationFigures
    /// Person-steps by the acting person's org unit, role and agent.
    public var organisation: OrganisationFigures
    /// Designed states and moves no session used; contact points with no sessions.
    public var coverage: CoverageFigures
    /// The example findings the report links to, each with its session's page.
    public var examples: ExampleFigures
    /// Path variants and time per state, per flow version (absent in reports written before
    /// they were added).
    public var flows: [FlowFigures]?

    public static let currentFormat = 1
}

/// The four measurements' figures over a set of sessions (a month, a day, a contact point, a cell).
public struct Measures: Codable, Sendable, Hashable {
    public var sessions: Int
    /// Flow compliance rate (流程规范率): compliant / sessions.
    public var compliant: Int
    public var complianceRate: Double?
    /// Trajectory measurement (运用轨迹): sessions conforming on trajectory / sessions.
    public var trajectoryConforming: Int
    public var trajectoryRate: Double?
    /// Fitness by token replay and by optimal alignment, from the segments' sums.
    public var tokenFitness: Double?
    public var alignmentFitness: Double?
    /// Organisational conformance (组织符合度): conforming person-steps / person-steps.
    public var personSteps: Int
    public var conformingPersonSteps: Int
    public var personStepRate: Double?
    /// Field use (实地运用): sessions whose current verdict is pass / inspected sessions.
    public var inspected: Int
    public var inspectionPass: Int
    public var fieldUseRate: Double?
    /// Sessions whose handling time is within their flow's `sla`.
    public var withinFlowSLA: Int
    public var flowSLARate: Double?
    public var averageHandlingTime: Double?
    /// Deviations by type name (`outside-step`); every type is present.
    public var deviations: [String: Int]
    public var deviationTotal: Int
}

/// The month's headline: the measures, with the agreement of inspectors and trajectory.
public struct HeadlineFigures: Codable, Sendable, Hashable {
    public var measures: Measures
    /// The flow map's default benchmark (标杆值).
    public var benchmark: Double?
    /// Present when some session was inspected.
    public var agreement: AgreementFigures?
    public var flaggedContactPoints: Int
    public var flaggedCells: Int
}

/// Inspector verdict by automatic trajectory verdict (docs/auditing.md, "Agreement").
public struct AgreementFigures: Codable, Sendable, Hashable {
    public var passConforming: Int
    public var passNotConforming: Int
    public var failConforming: Int
    public var failNotConforming: Int
    public var agreement: Double?
    /// Absent when chance alone gives full agreement.
    public var kappa: Double?
}

public struct DayFigures: Codable, Sendable, Hashable {
    /// `2026-11-02`.
    public var date: String
    public var measures: Measures
}

public struct MonthFigures: Codable, Sendable, Hashable {
    /// `2026-10`.
    public var month: String
    public var measures: Measures
}

public struct MatrixFigures: Codable, Sendable, Hashable {
    public struct Header: Codable, Sendable, Hashable {
        public var id: String
        public var code: String
        /// `话费查询 (Bill inquiry)`.
        public var name: String
    }

    public struct Row: Codable, Sendable, Hashable {
        public var business: Header
        /// One per channel, in the channels' order.
        public var cells: [CellFigures]
    }

    public var channels: [Header]
    public var rows: [Row]
}

/// One business x channel cell: its contact points' sessions together.
public struct CellFigures: Codable, Sendable, Hashable {
    public var business: String
    public var channel: String
    /// `flow`, `not-offered`, `unassigned` (a blind spot, 管理盲点) or `no-cell`.
    public var status: String
    /// The cell's own flow, or the reason it is not offered.
    public var flow: String?
    public var reason: String?
    /// The cell's contact-point codes, one per brand.
    public var codes: [String]
    /// The cell's `benchmark:`, else the map's.
    public var benchmark: Double?
    public var measures: Measures
    /// Below its benchmark with at least `minSessions` sessions.
    public var flagged: Bool
    /// Last month's compliance rate, when last month's report had sessions in the cell.
    public var previousComplianceRate: Double?
    public var change: Double?
}

public struct ContactPointFigures: Codable, Sendable, Hashable {
    public var code: String
    /// Empty when the flow map has no such code.
    public var business: String
    public var channel: String
    public var brand: String
    /// The flow that serves it, when the map names one.
    public var flow: String?
    public var inMap: Bool
    public var benchmark: Double?
    public var measures: Measures
    public var flagged: Bool
    public var previousComplianceRate: Double?
    public var change: Double?
}

public struct DeviationFigures: Codable, Sendable, Hashable {
    public struct TypeCount: Codable, Sendable, Hashable {
        /// `override`, `outside-step`, `skipped-mandatory`, `abandoned`, `loop-bound`, `state-sla`, `flow-sla`.
        public var type: String
        /// Whether it breaks conformance on trajectory.
        public var breaksTrajectory: Bool
        public var count: Int
    }

    public struct ContactPointCount: Codable, Sendable, Hashable {
        public var code: String
        public var total: Int
        public var sessions: Int
        /// By type name.
        public var byType: [String: Int]
    }

    /// Every type, in the order of docs/auditing.md's table.
    public var byType: [TypeCount]
    public var topContactPoints: [ContactPointCount]
}

/// Person-steps by who did them.
public struct PersonStepFigures: Codable, Sendable, Hashable {
    /// The unit, role or agent id (`-` for steps with none).
    public var id: String
    /// Its name in the flow map, for units and roles.
    public var name: String?
    public var steps: Int
    public var conforming: Int
    public var nonConforming: Int
    public var rate: Double?
    public var failedPerformer: Int
    public var failedTransferTarget: Int
    public var failedOwnership: Int
}

public struct OrganisationFigures: Codable, Sendable, Hashable {
    public var total: PersonStepFigures
    /// Most non-conforming steps first, then by id.
    public var byOrgUnit: [PersonStepFigures]
    public var byRole: [PersonStepFigures]
    public var byAgent: [PersonStepFigures]
}

public struct CoverageFigures: Codable, Sendable, Hashable {
    public struct FlowVersion: Codable, Sendable, Hashable {
        public var flow: String
        public var version: String
        public var sessions: Int
        public var states: Int
        public var moves: Int
        public var unusedStates: [String]
        /// Labels, `ask->hung-up`.
        public var unusedMoves: [String]
    }

    public var flowVersions: [FlowVersion]
    /// Codes of the map's contact points that offer a flow and had no session.
    public var contactPointsWithoutSessions: [String]
}

public struct ExampleFigures: Codable, Sendable, Hashable {
    public struct DeviationExample: Codable, Sendable, Hashable {
        public var session: String
        public var type: String
        /// The record it is located at.
        public var sequence: Int
        /// The state it concerns, when it concerns one.
        public var state: String?
        /// The session's page, relative to index.html; absent when its records were not given.
        public var page: String?
    }

    public struct StepExample: Codable, Sendable, Hashable {
        public var session: String
        public var sequence: Int
        public var state: String?
        public var agent: String?
        public var role: String?
        public var orgUnit: String?
        /// `performer`, `transfer-target`, `ownership`.
        public var failed: [String]
        public var page: String?
    }

    public var deviations: [DeviationExample]
    public var nonConformingSteps: [StepExample]
    /// How many were found in all (the examples are the first few of each type).
    public var nonConformingStepTotal: Int
}
