/// Who acted, and when: the acting person (agent, role, org unit) and the session's day.
public struct PersonStepKey: Sendable, Hashable {
    public var agent: Int32
    public var role: Int32
    public var orgUnit: Int32
    public var day: Day

    public init(agent: Int32, role: Int32, orgUnit: Int32, day: Day) {
        self.agent = agent
        self.role = role
        self.orgUnit = orgUnit
        self.day = day
    }
}

/// Person-steps and how many failed each check.
public struct PersonStepCounts: Sendable, Hashable {
    public var steps = 0
    public var conforming = 0
    public var failedPerformer = 0
    public var failedTransferTarget = 0
    public var failedOwnership = 0

    public init() {}

    public mutating func add(_ step: PersonStep) {
        steps += 1
        if step.conforms { conforming += 1 }
        if step.failed.contains(.performer) { failedPerformer += 1 }
        if step.failed.contains(.transferTarget) { failedTransferTarget += 1 }
        if step.failed.contains(.ownership) { failedOwnership += 1 }
    }

    public static func += (lhs: inout PersonStepCounts, rhs: PersonStepCounts) {
        lhs.steps += rhs.steps
        lhs.conforming += rhs.conforming
        lhs.failedPerformer += rhs.failedPerformer
        lhs.failedTransferTarget += rhs.failedTransferTarget
        lhs.failedOwnership += rhs.failedOwnership
    }

    /// Conforming person-steps / person-steps.
    public var rate: Double? { steps > 0 ? Double(conforming) / Double(steps) : nil }
}

/// Organisational conformance by the ACTING person (not the session's owner): a step by a
/// billing specialist in a session a front-line agent owns counts for the specialist's
/// unit, role and name.
public struct PersonStepTally: Sendable {
    public private(set) var counts: [PersonStepKey: PersonStepCounts] = [:]

    public init() {}

    /// Counts a session's person-steps on `day`. Consecutive steps by one person (the
    /// common case) are summed before the table is touched.
    public mutating func add(_ verdict: SessionVerdict, day: Day) {
        var pending: PersonStepKey?
        var sum = PersonStepCounts()
        for step in verdict.personSteps {
            let key = PersonStepKey(agent: step.actor, role: step.role, orgUnit: step.orgUnit, day: day)
            if key != pending {
                if let pending { counts[pending, default: PersonStepCounts()] += sum }
                pending = key
                sum = PersonStepCounts()
            }
            sum.add(step)
        }
        if let pending { counts[pending, default: PersonStepCounts()] += sum }
    }

    public mutating func merge(_ other: PersonStepTally) {
        for (key, value) in other.counts { counts[key, default: PersonStepCounts()] += value }
    }

    public var total: PersonStepCounts {
        var sum = PersonStepCounts()
        for value in counts.values { sum += value }
        return sum
    }

    public func rollUp<Dimension: Hashable>(
        including: (PersonStepKey) -> Bool = { _ in true }, by dimension: (PersonStepKey) -> Dimension
    ) -> [Dimension: PersonStepCounts] {
        var result: [Dimension: PersonStepCounts] = [:]
        for (key, value) in counts where including(key) { result[dimension(key), default: PersonStepCounts()] += value }
        return result
    }

    public func byAgent() -> [Int32: PersonStepCounts] { rollUp { $0.agent } }
    public func byRole() -> [Int32: PersonStepCounts] { rollUp { $0.role } }
    public func byOrgUnit() -> [Int32: PersonStepCounts] { rollUp { $0.orgUnit } }
}
