/// Where a session is counted: its contact point, flow version, owner (agent and org
/// unit) and day. Every roll-up of the reports is a sum over these keys.
public struct ConformanceKey: Sendable, Hashable {
    /// Vocabulary ids; the program is a `NetCatalog` number.
    public var contactPoint: Int32
    public var program: Int32
    public var agent: Int32
    public var orgUnit: Int32
    public var day: Day

    public init(contactPoint: Int32, program: Int32, agent: Int32, orgUnit: Int32, day: Day) {
        self.contactPoint = contactPoint
        self.program = program
        self.agent = agent
        self.orgUnit = orgUnit
        self.day = day
    }
}

/// The sessions' counters by composite key: a streaming fold whose size grows with the
/// distinct (contact point, version, owner, day) combinations, not with the sessions.
/// Tallies made on several threads are merged at the end; roll-ups by any dimension are
/// sums over the keys.
///
/// ```swift
/// tally.add(verdict, day: calendar.day(of: verdict.startedAt))
/// let byMonth = tally.rollUp { $0.day.month }
/// let rate = byMonth[Month(year: 2026, month: 11)]?.complianceRate
/// ```
public struct ConformanceTally: Sendable {
    public private(set) var counts: [ConformanceKey: ConformanceCounts] = [:]

    public init() {}

    /// Counts one session on `day` (its first record's, in the report's time zone).
    public mutating func add(_ verdict: SessionVerdict, day: Day) {
        let key = ConformanceKey(
            contactPoint: verdict.contactPoint, program: verdict.program, agent: verdict.owner.agent,
            orgUnit: verdict.owner.orgUnit, day: day)
        counts[key, default: ConformanceCounts()].add(verdict)
    }

    public mutating func merge(_ other: ConformanceTally) {
        for (key, value) in other.counts { counts[key, default: ConformanceCounts()] += value }
    }

    /// Every session counted.
    public var total: ConformanceCounts {
        var sum = ConformanceCounts()
        for value in counts.values { sum += value }
        return sum
    }

    /// Sums by any dimension of the key, over the keys `including` accepts.
    public func rollUp<Dimension: Hashable>(
        including: (ConformanceKey) -> Bool = { _ in true }, by dimension: (ConformanceKey) -> Dimension
    ) -> [Dimension: ConformanceCounts] {
        var result: [Dimension: ConformanceCounts] = [:]
        for (key, value) in counts where including(key) { result[dimension(key), default: ConformanceCounts()] += value }
        return result
    }

    // MARK: The reports' dimensions

    public func byContactPoint() -> [Int32: ConformanceCounts] { rollUp { $0.contactPoint } }
    /// By flow version (`NetCatalog` number).
    public func byProgram() -> [Int32: ConformanceCounts] { rollUp { $0.program } }
    /// By flow, every version together (vocabulary id of the flow id).
    public func byFlow(_ catalog: NetCatalog) -> [Int32: ConformanceCounts] { rollUp { catalog.flowID($0.program) } }
    public func byBusiness(_ catalog: NetCatalog) -> [Int32: ConformanceCounts] { rollUp { catalog.business($0.program) } }
    public func byChannel(_ catalog: NetCatalog) -> [Int32: ConformanceCounts] { rollUp { catalog.channel($0.program) } }
    /// By the owner's org unit (-1: sessions no person handled).
    public func byOrgUnit() -> [Int32: ConformanceCounts] { rollUp { $0.orgUnit } }
    /// By the owner (-1: sessions no person handled).
    public func byAgent() -> [Int32: ConformanceCounts] { rollUp { $0.agent } }
    public func byDay() -> [Day: ConformanceCounts] { rollUp { $0.day } }
    public func byWeek() -> [Week: ConformanceCounts] { rollUp { $0.day.week } }
    public func byMonth() -> [Month: ConformanceCounts] { rollUp { $0.day.month } }

    /// By org unit with the units below it: each of `units` (vocabulary ids) counts the
    /// sessions owned in it or in any unit under it in the organisation.
    public func byOrgUnitIncludingBelow(_ units: [Int32], catalog: NetCatalog) -> [Int32: ConformanceCounts] {
        let direct = byOrgUnit()
        var result: [Int32: ConformanceCounts] = [:]
        for unit in units {
            var sum = ConformanceCounts()
            for (owned, value) in direct where owned >= 0 && catalog.isUnit(owned, within: unit) { sum += value }
            result[unit] = sum
        }
        return result
    }
}
