import FlowModel

/// One contact point's compliance rate in a period, against its benchmark (标杆值).
public struct ComplianceRate: Sendable, Hashable {
    /// The contact point's code (`PG502`).
    public var contactPoint: String
    public var sessions: Int
    public var compliant: Int
    /// The benchmark that applies (0...1), when the flow map gives one.
    public var benchmark: Double?
    /// The rate in the period before (last month's, in the monthly report), when it had sessions.
    public var previousRate: Double?
    /// Below its benchmark with at least the minimum number of sessions.
    public var flagged: Bool

    public var rate: Double { sessions > 0 ? Double(compliant) / Double(sessions) : 0 }
    /// The change from the period before, in rate points.
    public var change: Double? { previousRate.map { rate - $0 } }
}

/// Compliance rates by contact point, each against the benchmark the flow map sets for it
/// (docs/auditing.md, "Benchmark values").
public struct ComplianceRates: Sendable {
    public let flowMap: FlowMap
    /// Fewer sessions than this are too few to flag (`--min-sessions`).
    public let minSessions: Int

    public init(flowMap: FlowMap, minSessions: Int = 30) {
        self.flowMap = flowMap
        self.minSessions = minSessions
    }

    /// The benchmark of a contact point code: the most specific cell variant for its brand
    /// that sets one, else the cell's, else the map's. A code names no customer
    /// environment, so variants pinned to an environment do not apply to it.
    public func benchmark(forCode code: String) -> Double? {
        guard let point = flowMap.contactPoints(forCode: code).first else { return flowMap.defaultBenchmark }
        return flowMap.benchmark(business: point.business, channel: point.channel, brand: point.brand, environment: "")
    }

    /// Rates per contact point, in code order.
    ///
    /// - Parameters:
    ///   - current: the period's counts by contact point (`ConformanceTally.byContactPoint()`,
    ///     rolled up over the period's keys).
    ///   - previous: the period before, for the change.
    public func rates(
        current: [Int32: ConformanceCounts], previous: [Int32: ConformanceCounts] = [:], vocabulary: Vocabulary
    ) -> [ComplianceRate] {
        current.compactMap { id, counts -> ComplianceRate? in
            guard let code = vocabulary.name(id) else { return nil }
            let benchmark = benchmark(forCode: code)
            let rate = counts.complianceRate ?? 0
            let flagged = benchmark.map { counts.sessions >= minSessions && rate < $0 } ?? false
            return ComplianceRate(
                contactPoint: code, sessions: counts.sessions, compliant: counts.compliant, benchmark: benchmark,
                previousRate: previous[id]?.complianceRate, flagged: flagged)
        }
        .sorted { $0.contactPoint < $1.contactPoint }
    }
}
