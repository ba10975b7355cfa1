/// The seven deviation types of docs/auditing.md, in the order reports list them.
public enum DeviationType: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case override
    case outsideStep
    case skippedMandatory
    case abandoned
    case loopBound
    case stateSLA
    case flowSLA

    /// The name reports and exports use (`outside-step`).
    public var description: String {
        switch self {
        case .override: "override"
        case .outsideStep: "outside-step"
        case .skippedMandatory: "skipped-mandatory"
        case .abandoned: "abandoned"
        case .loopBound: "loop-bound"
        case .stateSLA: "state-sla"
        case .flowSLA: "flow-sla"
        }
    }

    /// Whether a deviation of this type breaks conformance on trajectory (SLA deviations
    /// are reported, and the flow's SLA counts in compliance, but the path was the design's).
    public var breaksTrajectory: Bool {
        switch self {
        case .stateSLA, .flowSLA: false
        default: true
        }
    }
}

/// One deviation, typed and located at one record of its session.
public struct Deviation: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A move with trigger `override`: the agent jumped, with a reason code.
        case override
        /// A move with trigger `outside`: a step recorded as done outside the engine.
        case outsideStep
        /// The mandatory `state` was never visited in a segment that entered a state it dominates.
        case skippedMandatory(state: Int32)
        /// A segment ended without reaching an end state of its flow.
        case abandoned
        /// `state` was entered past its `visits: { max }` without its limit exit being taken.
        case loopBound(state: Int32)
        /// A visit of `state` lasted `duration` ms, longer than its `sla`.
        case stateSLA(state: Int32, duration: Int64)
        /// The session's handling time (ms) exceeded its flow's `sla`.
        case flowSLA(handlingTime: Int64)
    }

    public var kind: Kind
    /// The record it is located at.
    public var sequence: Int32
    /// The flow version of the segment it was found in (for `state`).
    public var program: Int32

    public init(_ kind: Kind, sequence: Int32, program: Int32) {
        self.kind = kind
        self.sequence = sequence
        self.program = program
    }

    public var type: DeviationType {
        switch kind {
        case .override: .override
        case .outsideStep: .outsideStep
        case .skippedMandatory: .skippedMandatory
        case .abandoned: .abandoned
        case .loopBound: .loopBound
        case .stateSLA: .stateSLA
        case .flowSLA: .flowSLA
        }
    }

    /// The state it concerns, or -1.
    public var state: Int32 {
        switch kind {
        case .skippedMandatory(let state), .loopBound(let state), .stateSLA(let state, _): state
        default: -1
        }
    }
}

/// Counts per deviation type, without an array (tallies add many of these).
public struct DeviationCounts: Sendable, Hashable {
    public var override = 0
    public var outsideStep = 0
    public var skippedMandatory = 0
    public var abandoned = 0
    public var loopBound = 0
    public var stateSLA = 0
    public var flowSLA = 0

    public init() {}

    public subscript(type: DeviationType) -> Int {
        get {
            switch type {
            case .override: override
            case .outsideStep: outsideStep
            case .skippedMandatory: skippedMandatory
            case .abandoned: abandoned
            case .loopBound: loopBound
            case .stateSLA: stateSLA
            case .flowSLA: flowSLA
            }
        }
        set {
            switch type {
            case .override: override = newValue
            case .outsideStep: outsideStep = newValue
            case .skippedMandatory: skippedMandatory = newValue
            case .abandoned: abandoned = newValue
            case .loopBound: loopBound = newValue
            case .stateSLA: stateSLA = newValue
            case .flowSLA: flowSLA = newValue
            }
        }
    }

    public var total: Int { override + outsideStep + skippedMandatory + abandoned + loopBound + stateSLA + flowSLA }

    public static func += (lhs: inout DeviationCounts, rhs: DeviationCounts) {
        lhs.override += rhs.override
        lhs.outsideStep += rhs.outsideStep
        lhs.skippedMandatory += rhs.skippedMandatory
        lhs.abandoned += rhs.abandoned
        lhs.loopBound += rhs.loopBound
        lhs.stateSLA += rhs.stateSLA
        lhs.flowSLA += rhs.flowSLA
    }
}
