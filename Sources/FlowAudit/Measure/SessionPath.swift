import FlowConformance
import Foundation

/// One session's whole path, record by record, with its deviations and person-step
/// findings located at their records: what `flowmap audit session ID` shows.
public struct SessionPath: Sendable, Codable, Hashable {
    public struct Record: Sendable, Codable, Hashable {
        public var sequence: Int
        public var depth: Int
        public var flow: String
        public var from: String?
        /// Nil: the contact ended without a designed end (`✗`).
        public var to: String?
        public var trigger: String
        public var event: String?
        public var reason: String?
        public var actor: String?
        public var role: String?
        public var orgUnit: String?
        /// Seconds after the session's start that the record was written (its `left_at`).
        public var at: Double
        /// Seconds in `from` until this record.
        public var duration: Double
        public var outcome: String?
        /// `move`, `start` or `annotation`.
        public var kind: String
        /// Deviations located at this record (`state-sla(ask)`).
        public var deviations: [String]
        /// Organisational checks this person-step failed (`performer`, `transfer-target`, `ownership`).
        public var failedChecks: [String]
    }

    public var session: String
    public var number: Int64
    public var contactPoint: String
    public var flow: String
    public var version: String
    public var start: String
    /// False: the log holds no end yet; the session is shown but not measured.
    public var finished: Bool
    public var outcome: String?
    public var owner: String?
    public var conformsOnTrajectory: Bool?
    public var compliant: Bool?
    public var tokenFitness: Double?
    public var alignmentFitness: Double?
    public var handlingTime: Double?
    public var flowSLA: Double?
    public var inspection: String?
    public var variant: String?
    public var records: [Record]

    /// The path of a session (measured when finished).
    public init(trace: SessionTrace, finished: Bool, audit: AuditCatalog, inspection: InspectionVerdict? = nil) {
        let catalog = audit.catalog
        let vocabulary = catalog.vocabulary
        let program = catalog.program(trace.program)
        session = trace.session
        number = trace.number
        contactPoint = vocabulary.name(trace.contactPoint) ?? ""
        flow = program.id
        version = program.version
        start = TraversalLine.formatter(timeZone: audit.timeZone).string(
            from: Date(timeIntervalSince1970: Double(trace.startedAt) / 1000))
        self.finished = finished
        var verdict: SessionVerdict?
        if finished {
            var measurer = SessionMeasurer(catalog: catalog)
            verdict = measurer.measure(trace, inspection: inspection)
        }
        outcome = verdict?.outcome?.rawValue
        owner = verdict.flatMap { vocabulary.name($0.owner.agent) }
        conformsOnTrajectory = verdict?.conformsOnTrajectory
        compliant = verdict?.compliant
        tokenFitness = verdict?.tokens.fitness
        alignmentFitness = verdict?.alignment.fitness
        handlingTime = verdict.map { Double($0.handlingTime) / 1000 }
        flowSLA = verdict?.flowSLA.map { Double($0) / 1000 }
        self.inspection = inspection?.rawValue
        variant = verdict.map { PathVariant(program: $0.program, states: $0.variant, count: 1).text(catalog: catalog) }
        records = trace.steps.map { step in
            let net = catalog.net(step.program)
            func state(_ index: Int32) -> String? { index >= 0 ? net.stateNames[Int(index)] : nil }
            let deviations = (verdict?.deviations ?? []).filter { $0.sequence == step.sequence }.map { deviation in
                let name = deviation.state >= 0 ? catalog.net(deviation.program).stateNames[Int(deviation.state)] : nil
                return deviation.type.description + (name.map { "(\($0))" } ?? "")
            }
            let failed = (verdict?.personSteps ?? []).first { $0.sequence == step.sequence && !$0.conforms }
            return Record(
                sequence: Int(step.sequence), depth: Int(step.depth), flow: catalog.program(step.program).id,
                from: state(step.from), to: state(step.to), trigger: step.trigger.rawValue, event: vocabulary.name(step.event),
                reason: vocabulary.name(step.reason), actor: vocabulary.name(step.actor), role: vocabulary.name(step.role),
                orgUnit: vocabulary.name(step.orgUnit), at: Double(step.leftAt - trace.startedAt) / 1000,
                duration: Double(step.duration) / 1000, outcome: step.outcome?.rawValue,
                kind: step.isStart ? "start" : step.isAnnotation ? "annotation" : "move", deviations: deviations,
                failedChecks: failed.map { $0.failed.description.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [])
        }
    }
}
