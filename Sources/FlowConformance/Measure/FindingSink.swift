/// Where the measures' findings go one by one: every deviation and every non-conforming
/// person-step, with the session it was found in, so that a caller can write them out
/// (to CSV) as the log streams by, without keeping them.
public protocol FindingSink {
    mutating func deviation(_ deviation: Deviation, in trace: SessionTrace)
    mutating func nonConformingStep(_ step: PersonStep, in trace: SessionTrace)
}

extension FindingSink {
    /// Hands every finding of a session's verdict to the sink.
    public mutating func collect(_ verdict: SessionVerdict, of trace: SessionTrace) {
        for deviation in verdict.deviations { self.deviation(deviation, in: trace) }
        guard verdict.nonConformingPersonSteps > 0 else { return }
        for step in verdict.personSteps where !step.conforms { nonConformingStep(step, in: trace) }
    }
}

/// A bounded list of examples: the first `limit` deviations of each type and the first
/// `limit` non-conforming person-steps, with the count of all of them. For reports that
/// show a few cases of each problem.
public struct FindingExamples: FindingSink, Sendable {
    public struct DeviationExample: Sendable, Hashable {
        public var session: String
        public var number: Int64
        public var deviation: Deviation
    }

    public struct StepExample: Sendable, Hashable {
        public var session: String
        public var number: Int64
        public var step: PersonStep
    }

    public let limit: Int
    /// The examples kept, by deviation type (`DeviationType.rawValue`).
    public private(set) var deviations: [[DeviationExample]]
    public private(set) var steps: [StepExample] = []
    public private(set) var deviationCounts = DeviationCounts()
    public private(set) var nonConformingSteps = 0

    public init(limit: Int = 20) {
        self.limit = limit
        deviations = Array(repeating: [], count: DeviationType.allCases.count)
    }

    public mutating func deviation(_ deviation: Deviation, in trace: SessionTrace) {
        deviationCounts[deviation.type] += 1
        let type = deviation.type.rawValue
        if deviations[type].count < limit {
            deviations[type].append(DeviationExample(session: trace.session, number: trace.number, deviation: deviation))
        }
    }

    public mutating func nonConformingStep(_ step: PersonStep, in trace: SessionTrace) {
        nonConformingSteps += 1
        if steps.count < limit { steps.append(StepExample(session: trace.session, number: trace.number, step: step)) }
    }

    public func examples(of type: DeviationType) -> [DeviationExample] { deviations[type.rawValue] }

    /// Adds another list's counts and examples (up to the limit, keeping the earlier sessions').
    public mutating func merge(_ other: FindingExamples) {
        deviationCounts += other.deviationCounts
        nonConformingSteps += other.nonConformingSteps
        for type in deviations.indices {
            deviations[type] = Array((deviations[type] + other.deviations[type]).sorted { $0.number < $1.number }.prefix(limit))
        }
        steps = Array((steps + other.steps).sorted { $0.number < $1.number }.prefix(limit))
    }
}
