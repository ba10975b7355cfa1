import FlowConformance
import FlowModel
import Foundation

/// The four measurements of an audit as plain figures, ready for JSON, CSV or a table
/// (`flowmap audit measure`), every rate with its numerator and denominator.
///
/// ```swift
/// let figures = MeasureFigures(result, period: .month)
/// let json = try JSONEncoder().encode(figures)
/// ```
public struct MeasureFigures: Sendable, Codable {
    /// How compliance is grouped in time.
    public enum PeriodKind: String, Sendable, Codable, CaseIterable {
        case day, week, month
    }

    /// A rate by some key: `part / whole`.
    public struct Rate: Sendable, Codable, Hashable {
        public var key: String
        public var part: Int
        public var whole: Int
        public var rate: Double?
        /// For compliance by contact point: the benchmark (标杆值), whether flagged, and the
        /// sessions counted.
        public var benchmark: Double?
        public var flagged: Bool?

        public init(key: String, part: Int, whole: Int, benchmark: Double? = nil, flagged: Bool? = nil) {
            self.key = key
            self.part = part
            self.whole = whole
            rate = whole > 0 ? Double(part) / Double(whole) : nil
            self.benchmark = benchmark
            self.flagged = flagged
        }
    }

    public struct Scan: Sendable, Codable, Hashable {
        public var records: Int
        public var finishedSessions: Int
        public var measuredSessions: Int
        /// Open sessions the selection admits: counted apart, not measured.
        public var openSessions: Int
        public var openRecords: Int
        public var seconds: Double
        public var recordsPerSecond: Double
        /// Reader threads, their CPU seconds together, and the measuring thread's.
        public var readers: Int
        public var readerCPUSeconds: Double
        public var measuringCPUSeconds: Double
    }

    public struct Trajectory: Sendable, Codable, Hashable {
        public var conforming: Rate
        public var tokenFitness: Double?
        public var missing: Int
        public var consumed: Int
        public var remaining: Int
        public var produced: Int
        public var alignmentFitness: Double?
        public var alignmentCost: Int
        public var alignmentDenominator: Int
        /// Deviations found, by type, in the order of docs/auditing.md's table.
        public var deviations: [Count]
    }

    public struct Count: Sendable, Codable, Hashable {
        public var key: String
        public var count: Int
    }

    public struct Variant: Sendable, Codable, Hashable {
        public var flow: String
        public var version: String
        public var path: String
        public var count: Int
        /// Of the flow version's finished sessions.
        public var share: Double
    }

    public struct StateTime: Sendable, Codable, Hashable {
        public var flow: String
        public var version: String
        public var state: String
        public var visits: Int
        /// Seconds (HDR: within 0.1%).
        public var median: Double
        public var p90: Double
    }

    public struct StepFinding: Sendable, Codable, Hashable {
        public var session: String
        public var sequence: Int
        public var state: String
        public var actor: String
        public var role: String
        public var orgUnit: String
        /// `performer`, `transfer-target`, `ownership`.
        public var failed: String
    }

    public struct DeviationFinding: Sendable, Codable, Hashable {
        public var session: String
        public var sequence: Int
        public var type: String
        public var state: String?
    }

    public struct Organisation: Sendable, Codable, Hashable {
        public var conforming: Rate
        public var failedPerformer: Int
        public var failedTransferTarget: Int
        public var failedOwnership: Int
        public var byOrgUnit: [Rate]
        public var byRole: [Rate]
        public var byAgent: [Rate]
        /// The first non-conforming steps (up to the example limit) and how many there were.
        public var nonConformingSteps: [StepFinding]
    }

    public struct FieldUse: Sendable, Codable, Hashable {
        /// False: no QA store beside the session store; the rates below are then empty.
        public var qaStore: Bool
        public var passed: Rate
        public var passConforming: Int
        public var passNotConforming: Int
        public var failConforming: Int
        public var failNotConforming: Int
        public var agreement: Double?
        public var kappa: Double?
        public var byContactPoint: [Rate]
        public var byAgent: [Rate]
        public var byOrgUnit: [Rate]
        /// Usage coverage: per flow version, designed moves and states no session used.
        public var unusedMoves: [Count]
        public var unusedStates: [Count]
        public var unused: [Unused]
        /// The flow map's contact points (codes) with no session in the selection.
        public var contactPointsWithoutSessions: [String]
    }

    public struct Unused: Sendable, Codable, Hashable {
        public var flow: String
        public var version: String
        public var moves: [String]
        public var states: [String]
    }

    public struct Compliance: Sendable, Codable, Hashable {
        public var compliant: Rate
        public var withinFlowSLA: Rate
        public var byContactPoint: [Rate]
        public var byVersion: [Rate]
        public var byBusiness: [Rate]
        public var byChannel: [Rate]
        public var byOrgUnit: [Rate]
        public var byAgent: [Rate]
        public var period: PeriodKind
        public var byPeriod: [Rate]
    }

    public var scan: Scan
    public var trajectory: Trajectory
    public var variants: [Variant]
    public var stateTimes: [StateTime]
    public var organisation: Organisation
    public var fieldUse: FieldUse
    public var compliance: Compliance
    public var deviationExamples: [DeviationFinding]
}

extension MeasureFigures {
    /// The figures of an audit's result.
    ///
    /// - Parameters:
    ///   - period: how compliance is grouped in time.
    ///   - minSessions: fewer sessions than this are too few to flag a contact point.
    ///   - variantLimit: the most frequent variants kept per flow version.
    public init(_ result: AuditResult, period: PeriodKind = .month, minSessions: Int = 30, variantLimit: Int = 10) {
        let catalog = result.audit.catalog
        let vocabulary = catalog.vocabulary
        let tally = result.tally
        let total = tally.conformance.total
        func name(_ id: Int32) -> String { vocabulary.name(id) ?? "(none)" }
        func versionName(_ program: Int32) -> String {
            "\(catalog.program(program).id)@\(catalog.program(program).version.prefix(8))"
        }
        func rates(_ counts: [Int32: ConformanceCounts], key: (Int32) -> String, part: (ConformanceCounts) -> Int,
                   whole: (ConformanceCounts) -> Int) -> [Rate] {
            counts.map { Rate(key: key($0.key), part: part($0.value), whole: whole($0.value)) }.sorted { $0.key < $1.key }
        }

        scan = Scan(
            records: result.scan.records, finishedSessions: result.scan.finishedSessions,
            measuredSessions: result.measuredSessions, openSessions: result.scan.openSessions,
            openRecords: result.scan.openRecords, seconds: result.scan.seconds,
            recordsPerSecond: result.scan.recordsPerSecond, readers: result.scan.readers, readerCPUSeconds: result.scan.readerCPUSeconds,
            measuringCPUSeconds: result.measuringCPUSeconds)

        trajectory = Trajectory(
            conforming: Rate(key: "all", part: total.trajectoryConforming, whole: total.sessions),
            tokenFitness: total.tokenFitness, missing: total.tokens.missing, consumed: total.tokens.consumed,
            remaining: total.tokens.remaining, produced: total.tokens.produced, alignmentFitness: total.alignmentFitness,
            alignmentCost: total.alignment.cost, alignmentDenominator: total.alignment.denominator,
            deviations: DeviationType.allCases.map { Count(key: $0.description, count: total.deviations[$0]) })

        var variants: [Variant] = []
        var stateTimes: [StateTime] = []
        var unused: [Unused] = []
        for program in 0..<Int32(catalog.count) {
            let net = catalog.net(program)
            let sessions = tally.variants.sessions(of: program)
            if sessions > 0 {
                for variant in tally.variants.variants(of: program).prefix(variantLimit) {
                    variants.append(Variant(
                        flow: net.flow, version: String(net.version.prefix(8)), path: variant.text(catalog: catalog),
                        count: variant.count, share: Double(variant.count) / Double(sessions)))
                }
            }
            for state in 0..<Int32(net.stateCount) {
                guard let summary = tally.stateTimes.summary(program: program, state: state) else { continue }
                stateTimes.append(StateTime(
                    flow: net.flow, version: String(net.version.prefix(8)), state: net.stateNames[Int(state)],
                    visits: summary.visits, median: Double(summary.median) / 1000, p90: Double(summary.p90) / 1000))
            }
            if tally.coverage.sessions(of: program) > 0 {
                unused.append(Unused(
                    flow: net.flow, version: String(net.version.prefix(8)), moves: tally.coverage.unusedMoves(of: program),
                    states: tally.coverage.unusedStates(of: program)))
            }
        }
        self.variants = variants
        self.stateTimes = stateTimes

        let steps = tally.personSteps.total
        func stepRates(_ counts: [Int32: PersonStepCounts]) -> [Rate] {
            counts.map { Rate(key: name($0.key), part: $0.value.conforming, whole: $0.value.steps) }.sorted { $0.key < $1.key }
        }
        organisation = Organisation(
            conforming: Rate(key: "all", part: steps.conforming, whole: steps.steps), failedPerformer: steps.failedPerformer,
            failedTransferTarget: steps.failedTransferTarget, failedOwnership: steps.failedOwnership,
            byOrgUnit: stepRates(tally.personSteps.byOrgUnit()), byRole: stepRates(tally.personSteps.byRole()),
            byAgent: stepRates(tally.personSteps.byAgent()),
            nonConformingSteps: result.findings.steps.map { example in
                let step = example.step
                let net = catalog.net(step.program)
                return StepFinding(
                    session: example.session, sequence: Int(step.sequence),
                    state: step.state >= 0 ? net.stateNames[Int(step.state)] : "", actor: name(step.actor),
                    role: name(step.role), orgUnit: name(step.orgUnit), failed: step.failed.description)
            })

        let agreement = total.agreement
        func passRates(_ counts: [Int32: ConformanceCounts]) -> [Rate] {
            counts.filter { $0.value.inspected > 0 }.map {
                Rate(key: name($0.key), part: $0.value.inspectionPass, whole: $0.value.inspected)
            }.sorted { $0.key < $1.key }
        }
        fieldUse = FieldUse(
            qaStore: result.inspections.hasQAStore, passed: Rate(key: "all", part: total.inspectionPass, whole: total.inspected),
            passConforming: agreement.passConforming, passNotConforming: agreement.passNotConforming,
            failConforming: agreement.failConforming, failNotConforming: agreement.failNotConforming,
            agreement: agreement.agreement, kappa: agreement.kappa,
            byContactPoint: passRates(tally.conformance.byContactPoint()), byAgent: passRates(tally.conformance.byAgent()),
            byOrgUnit: passRates(tally.conformance.byOrgUnit()),
            unusedMoves: unused.map { Count(key: "\($0.flow)@\($0.version)", count: $0.moves.count) },
            unusedStates: unused.map { Count(key: "\($0.flow)@\($0.version)", count: $0.states.count) }, unused: unused,
            contactPointsWithoutSessions: tally.coverage.contactPointsWithoutSessions(
                in: result.audit.flowMap, vocabulary: vocabulary
            ).map(\.code))

        let compliant: (ConformanceCounts) -> Int = { $0.compliant }
        let sessions: (ConformanceCounts) -> Int = { $0.sessions }
        let benchmarks = ComplianceRates(flowMap: result.audit.flowMap, minSessions: minSessions)
        let byContactPoint = benchmarks.rates(current: tally.conformance.byContactPoint(), vocabulary: vocabulary).map {
            Rate(key: $0.contactPoint, part: $0.compliant, whole: $0.sessions, benchmark: $0.benchmark, flagged: $0.flagged)
        }
        let byPeriod: [Rate]
        switch period {
        case .day:
            byPeriod = tally.conformance.byDay().sorted { $0.key < $1.key }.map {
                Rate(key: $0.key.description, part: $0.value.compliant, whole: $0.value.sessions)
            }
        case .week:
            byPeriod = tally.conformance.byWeek().sorted { $0.key < $1.key }.map {
                Rate(key: $0.key.description, part: $0.value.compliant, whole: $0.value.sessions)
            }
        case .month:
            byPeriod = tally.conformance.byMonth().sorted { $0.key < $1.key }.map {
                Rate(key: $0.key.description, part: $0.value.compliant, whole: $0.value.sessions)
            }
        }
        compliance = Compliance(
            compliant: Rate(key: "all", part: total.compliant, whole: total.sessions),
            withinFlowSLA: Rate(key: "all", part: total.withinFlowSLA, whole: total.sessions),
            byContactPoint: byContactPoint,
            byVersion: rates(tally.conformance.byProgram(), key: versionName, part: compliant, whole: sessions),
            byBusiness: rates(tally.conformance.byBusiness(catalog), key: name, part: compliant, whole: sessions),
            byChannel: rates(tally.conformance.byChannel(catalog), key: name, part: compliant, whole: sessions),
            byOrgUnit: rates(tally.conformance.byOrgUnit(), key: name, part: compliant, whole: sessions),
            byAgent: rates(tally.conformance.byAgent(), key: name, part: compliant, whole: sessions),
            period: period, byPeriod: byPeriod)

        deviationExamples = DeviationType.allCases.flatMap { type in
            result.findings.examples(of: type).map { example in
                let deviation = example.deviation
                return DeviationFinding(
                    session: example.session, sequence: Int(deviation.sequence), type: type.description,
                    state: deviation.state >= 0 ? catalog.net(deviation.program).stateNames[Int(deviation.state)] : nil)
            }
        }
    }
}
