/// A flow version's path variants and time per state in the month (docs/auditing.md,
/// "Variants and time per state"): report.json's `flows`, the page's "Paths and time per
/// state", variants.csv and state-times.csv.
public struct FlowFigures: Codable, Sendable, Hashable {
    public var flow: String
    /// The version's full hash.
    public var version: String
    /// Finished sessions whose own flow (depth 0) is this version: the variants' denominator.
    public var sessions: Int
    /// The most frequent variants (`--variants`, default 10), most frequent first (ties:
    /// first seen first).
    public var variants: [VariantFigures]
    /// The variants past the top ones, together; absent when there are none.
    public var otherVariants: OtherVariantFigures?
    /// Every state with a closed visit (at any depth: a subflow's states are timed where it
    /// is called), in the flow's declaration order.
    public var states: [StateTimeFigures]
}

/// One path variant: the states a session's depth-0 segment entered.
public struct VariantFigures: Codable, Sendable, Hashable {
    /// 1 for the most frequent.
    public var rank: Int
    /// The state names in order (`✗` for an end without a state).
    public var states: [String]
    /// `greet → ask → resolve → done`.
    public var path: String
    public var count: Int
    /// Of the flow version's sessions.
    public var share: Double
    /// This variant's share and those of the variants ranked before it.
    public var cumulativeShare: Double
}

/// The variants not listed, as one row ("other").
public struct OtherVariantFigures: Codable, Sendable, Hashable {
    /// How many distinct variants.
    public var variants: Int
    public var count: Int
    public var share: Double
}

/// A state's visits: how long each lasted (HDR histograms, within 0.1%).
public struct StateTimeFigures: Codable, Sendable, Hashable {
    public var state: String
    public var visits: Int
    /// Seconds.
    public var median: Double
    public var p90: Double
    /// The state's `sla` in seconds, when it has one.
    public var sla: Double?
    /// The 90th percentile is over the state's `sla`: more than a tenth of its visits took
    /// longer than the flow allows.
    public var overSLA: Bool
}
