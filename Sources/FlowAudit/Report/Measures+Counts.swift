import FlowConformance

extension Measures {
    /// The figures of a set of sessions' counters.
    public init(_ counts: ConformanceCounts) {
        sessions = counts.sessions
        compliant = counts.compliant
        complianceRate = counts.complianceRate
        trajectoryConforming = counts.trajectoryConforming
        trajectoryRate = counts.trajectoryRate
        tokenFitness = counts.tokenFitness
        alignmentFitness = counts.alignmentFitness
        personSteps = counts.personSteps
        conformingPersonSteps = counts.conformingPersonSteps
        personStepRate = counts.personStepRate
        inspected = counts.inspected
        inspectionPass = counts.inspectionPass
        fieldUseRate = counts.fieldUseRate
        withinFlowSLA = counts.withinFlowSLA
        flowSLARate = counts.flowSLARate
        averageHandlingTime = counts.averageHandlingTime.map { $0 / 1000 }
        var byType: [String: Int] = [:]
        for type in DeviationType.allCases { byType[type.description] = counts.deviations[type] }
        deviations = byType
        deviationTotal = counts.deviations.total
    }
}

extension AgreementFigures {
    init(_ table: AgreementTable) {
        passConforming = table.passConforming
        passNotConforming = table.passNotConforming
        failConforming = table.failConforming
        failNotConforming = table.failNotConforming
        agreement = table.agreement
        kappa = table.kappa
    }
}

extension PersonStepFigures {
    init(id: String, name: String?, _ counts: PersonStepCounts) {
        self.id = id
        self.name = name
        steps = counts.steps
        conforming = counts.conforming
        nonConforming = counts.steps - counts.conforming
        rate = counts.rate
        failedPerformer = counts.failedPerformer
        failedTransferTarget = counts.failedTransferTarget
        failedOwnership = counts.failedOwnership
    }
}
