/// Inspectors' verdicts against the automatic trajectory verdict, for inspected sessions
/// (docs/auditing.md, "Agreement"): where the automatic measure misses what people see.
public struct AgreementTable: Sendable, Hashable {
    /// Inspector pass / fail × trajectory conforms / does not.
    public var passConforming = 0
    public var passNotConforming = 0
    public var failConforming = 0
    public var failNotConforming = 0

    public init(passConforming: Int = 0, passNotConforming: Int = 0, failConforming: Int = 0, failNotConforming: Int = 0) {
        self.passConforming = passConforming
        self.passNotConforming = passNotConforming
        self.failConforming = failConforming
        self.failNotConforming = failNotConforming
    }

    public mutating func add(inspection: InspectionVerdict, conformsOnTrajectory: Bool) {
        switch (inspection, conformsOnTrajectory) {
        case (.pass, true): passConforming += 1
        case (.pass, false): passNotConforming += 1
        case (.fail, true): failConforming += 1
        case (.fail, false): failNotConforming += 1
        }
    }

    public static func += (lhs: inout AgreementTable, rhs: AgreementTable) {
        lhs.passConforming += rhs.passConforming
        lhs.passNotConforming += rhs.passNotConforming
        lhs.failConforming += rhs.failConforming
        lhs.failNotConforming += rhs.failNotConforming
    }

    public var total: Int { passConforming + passNotConforming + failConforming + failNotConforming }

    /// The share of sessions where both say the same: pass and conforms, or fail and not.
    public var agreement: Double? {
        total > 0 ? Double(passConforming + failNotConforming) / Double(total) : nil
    }

    /// Cohen's kappa: agreement beyond what the two verdicts' own rates would give by
    /// chance, (pₒ − pₑ) / (1 − pₑ). Nil with no sessions, or when chance alone gives full
    /// agreement (both always say the same thing), where it is undefined.
    public var kappa: Double? {
        guard total > 0 else { return nil }
        let n = Double(total)
        let observed = Double(passConforming + failNotConforming) / n
        let inspectorPass = Double(passConforming + passNotConforming) / n
        let trajectoryConforms = Double(passConforming + failConforming) / n
        let expected = inspectorPass * trajectoryConforms + (1 - inspectorPass) * (1 - trajectoryConforms)
        guard expected < 1 else { return nil }
        return (observed - expected) / (1 - expected)
    }
}
