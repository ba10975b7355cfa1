import FlowConformance
import FlowModel
import Foundation

/// Turns a month's tallies into `ReportFigures`: one pass over each tally's keys for the
/// month, then roll-ups by contact point, cell, day and person.
struct FigureBuilder {
    let report: MonthlyReport
    private var vocabulary: Vocabulary { report.catalog.vocabulary }
    private var flowMap: FlowMap { report.flowMap }

    init(report: MonthlyReport) {
        self.report = report
    }

    func build() -> ReportFigures {
        let firstDay = report.month.firstDay.number
        let days = firstDay..<report.month.next.firstDay.number

        // The one pass over the keys (a month of a large centre has about a million);
        // the total is the days' sum.
        var byContactPoint: [Int32: ConformanceCounts] = [:]
        var byDay: [Int32: ConformanceCounts] = [:]
        for (key, counts) in report.tally.conformance.counts where days.contains(key.day.number) {
            byContactPoint[key.contactPoint, default: ConformanceCounts()] += counts
            byDay[key.day.number, default: ConformanceCounts()] += counts
        }
        var total = ConformanceCounts()
        for counts in byDay.values { total += counts }
        // Codes as the map spells them (a log may write `P-901` for `P901`).
        var byCode: [String: ConformanceCounts] = [:]
        for (id, counts) in byContactPoint {
            guard let name = vocabulary.name(id) else { continue }
            byCode[canonicalCode(name), default: ConformanceCounts()] += counts
        }

        let previous = report.previousMonths.first { $0.month == report.month.previous.description }
        let contactPoints = contactPointFigures(byCode, previous: previous)
        let matrix = matrixFigures(byCode, previous: previous)
        let flaggedCells = matrix.rows.reduce(0) { $0 + $1.cells.count(where: \.flagged) }

        let headline = HeadlineFigures(
            measures: Measures(total), benchmark: flowMap.defaultBenchmark,
            agreement: total.agreement.total > 0 ? AgreementFigures(total.agreement) : nil,
            flaggedContactPoints: contactPoints.count(where: \.flagged), flaggedCells: flaggedCells)

        let dayFigures = days.map { DayFigures(date: Day(number: $0).description, measures: Measures(byDay[$0] ?? ConformanceCounts())) }

        var earlier: [String: ReportFigures] = [:]
        for figures in report.previousMonths {
            if let month = Month(figures.month), month < report.month { earlier[figures.month] = figures }
        }
        let months =
            earlier.values.sorted { $0.month < $1.month }.map { MonthFigures(month: $0.month, measures: $0.headline.measures) }
            + [MonthFigures(month: report.month.description, measures: headline.measures)]

        let worst = contactPoints.filter { $0.measures.sessions >= report.minSessions && $0.measures.complianceRate != nil }
            .sorted { lhs, rhs in
                let (l, r) = (lhs.measures.complianceRate!, rhs.measures.complianceRate!)
                if l != r { return l < r }
                if lhs.measures.sessions != rhs.measures.sessions { return lhs.measures.sessions > rhs.measures.sessions }
                return lhs.code < rhs.code
            }
            .prefix(10).map(\.code)

        return ReportFigures(
            format: ReportFigures.currentFormat, month: report.month.description, timeZone: Self.name(of: report.timeZone),
            flowMap: flowMap.name.description, minSessions: report.minSessions, headline: headline, days: dayFigures,
            months: months, matrix: matrix, contactPoints: contactPoints, worstContactPoints: Array(worst),
            deviations: deviationFigures(total, contactPoints: contactPoints), organisation: organisationFigures(days),
            coverage: coverageFigures(), examples: exampleFigures(), flows: flowFigures())
    }

    /// The zone's IANA name; `UTC` for the zone Foundation on Linux calls `GMT`.
    static func name(of zone: TimeZone) -> String {
        zone.identifier == "GMT" ? "UTC" : zone.identifier
    }

    /// The map's spelling of a code, or the code itself when the map has no such contact point.
    private func canonicalCode(_ code: String) -> String {
        flowMap.contactPoints(forCode: code).first?.code ?? code
    }

    // MARK: Contact points and the matrix

    private func contactPointFigures(_ byCode: [String: ConformanceCounts], previous: ReportFigures?) -> [ContactPointFigures] {
        let rates = ComplianceRates(flowMap: flowMap, minSessions: report.minSessions)
        let previousRates = Dictionary(
            (previous?.contactPoints ?? []).map { ($0.code, $0.measures.complianceRate) }, uniquingKeysWith: { first, _ in first })
        var codes = Set(byCode.keys)
        for point in flowMap.contactPoints where offersFlow(point) { codes.insert(point.code) }
        return codes.sorted().map { code in
            let counts = byCode[code] ?? ConformanceCounts()
            let point = flowMap.contactPoints(forCode: code).first
            let benchmark = rates.benchmark(forCode: code)
            let measures = Measures(counts)
            let previousRate = previousRates[code] ?? nil
            return ContactPointFigures(
                code: code, business: point?.business ?? "", channel: point?.channel ?? "", brand: point?.brand ?? "",
                flow: point.flatMap {
                    flowMap.resolve(business: $0.business, channel: $0.channel, brand: $0.brand, environment: "").flowID
                },
                inMap: point != nil, benchmark: benchmark, measures: measures,
                flagged: Self.flagged(measures, benchmark: benchmark, minSessions: report.minSessions),
                previousComplianceRate: previousRate, change: Self.change(measures.complianceRate, from: previousRate))
        }
    }

    /// Whether a contact point is served by a flow: its cell's own, or a variant's for its brand.
    private func offersFlow(_ point: ContactPoint) -> Bool {
        guard let cell = flowMap.cell(business: point.business, channel: point.channel) else { return false }
        func isFlow(_ assignment: CellAssignment) -> Bool {
            if case .flow = assignment { return true }
            return false
        }
        return isFlow(cell.assignment)
            || cell.variants.contains { ($0.brand == nil || $0.brand?.name == point.brand) && isFlow($0.assignment) }
    }

    private func matrixFigures(_ byCode: [String: ConformanceCounts], previous: ReportFigures?) -> MatrixFigures {
        var previousRates: [String: Double?] = [:]
        for row in previous?.matrix.rows ?? [] {
            for cell in row.cells { previousRates[cell.business + "\u{0}" + cell.channel] = cell.measures.complianceRate }
        }
        let brands = flowMap.brands.isEmpty ? [""] : flowMap.brands.map(\.id)
        let rows = flowMap.businesses.map { business in
            let cells = flowMap.channels.map { channel -> CellFigures in
                let cell = flowMap.cell(business: business.id, channel: channel.id)
                let codes = brands.compactMap { flowMap.code(business: business.id, channel: channel.id, brand: $0) }
                var counts = ConformanceCounts()
                for code in codes { counts += byCode[code] ?? ConformanceCounts() }
                var status = "no-cell"
                var flow: String?
                var reason: String?
                switch cell?.assignment {
                case .flow(let ref)?:
                    status = "flow"
                    flow = ref.name
                case .notOffered(let text)?:
                    status = "not-offered"
                    reason = text
                case .unassigned?: status = "unassigned"
                case nil: break
                }
                let benchmark = status == "flow" ? (cell?.benchmark ?? flowMap.defaultBenchmark) : nil
                let measures = Measures(counts)
                let previousRate = previousRates[business.id + "\u{0}" + channel.id] ?? nil
                return CellFigures(
                    business: business.id, channel: channel.id, status: status, flow: flow, reason: reason, codes: codes,
                    benchmark: benchmark, measures: measures,
                    flagged: Self.flagged(measures, benchmark: benchmark, minSessions: report.minSessions),
                    previousComplianceRate: previousRate, change: Self.change(measures.complianceRate, from: previousRate))
            }
            return MatrixFigures.Row(
                business: .init(id: business.id, code: business.code, name: business.name.description), cells: cells)
        }
        return MatrixFigures(
            channels: flowMap.channels.map { .init(id: $0.id, code: $0.code, name: $0.name.description) }, rows: rows)
    }

    /// Below the benchmark, with enough sessions to say so (docs/auditing.md, "Benchmark values").
    static func flagged(_ measures: Measures, benchmark: Double?, minSessions: Int) -> Bool {
        guard let benchmark, let rate = measures.complianceRate else { return false }
        return measures.sessions >= minSessions && rate < benchmark
    }

    static func change(_ rate: Double?, from previous: Double?) -> Double? {
        guard let rate, let previous else { return nil }
        return rate - previous
    }

    // MARK: Deviations and people

    private func deviationFigures(_ total: ConformanceCounts, contactPoints: [ContactPointFigures]) -> DeviationFigures {
        let byType = DeviationType.allCases.map {
            DeviationFigures.TypeCount(type: $0.description, breaksTrajectory: $0.breaksTrajectory, count: total.deviations[$0])
        }
        let top = contactPoints.filter { $0.measures.deviationTotal > 0 }
            .sorted { ($0.measures.deviationTotal, $1.code) > ($1.measures.deviationTotal, $0.code) }
            .prefix(10)
            .map {
                DeviationFigures.ContactPointCount(
                    code: $0.code, total: $0.measures.deviationTotal, sessions: $0.measures.sessions,
                    byType: $0.measures.deviations)
            }
        return DeviationFigures(byType: byType, topContactPoints: Array(top))
    }

    private func organisationFigures(_ days: Range<Int32>) -> OrganisationFigures {
        var byUnit: [Int32: PersonStepCounts] = [:]
        var byRole: [Int32: PersonStepCounts] = [:]
        var byAgent: [Int32: PersonStepCounts] = [:]
        for (key, counts) in report.tally.personSteps.counts where days.contains(key.day.number) {
            byUnit[key.orgUnit, default: PersonStepCounts()] += counts
            byRole[key.role, default: PersonStepCounts()] += counts
            byAgent[key.agent, default: PersonStepCounts()] += counts
        }
        var total = PersonStepCounts()
        for counts in byUnit.values { total += counts }
        let units = Dictionary(flowMap.organisation.units.map { ($0.id, $0.name.description) }, uniquingKeysWith: { a, _ in a })
        let roles = Dictionary(flowMap.organisation.roles.map { ($0.id, $0.name.description) }, uniquingKeysWith: { a, _ in a })
        func list(_ counts: [Int32: PersonStepCounts], names: [String: String]) -> [PersonStepFigures] {
            counts.map { id, value in
                let name = vocabulary.name(id) ?? "-"
                return PersonStepFigures(id: name, name: names[name], value)
            }
            .sorted { ($0.nonConforming, $1.id) > ($1.nonConforming, $0.id) }
        }
        return OrganisationFigures(
            total: PersonStepFigures(id: "all", name: nil, total), byOrgUnit: list(byUnit, names: units),
            byRole: list(byRole, names: roles), byAgent: list(byAgent, names: [:]))
    }

    // MARK: Coverage and examples

    private func coverageFigures() -> CoverageFigures {
        let coverage = report.tally.coverage
        let versions = (0..<Int32(report.catalog.count)).map { program in
            let net = report.catalog.net(program)
            return CoverageFigures.FlowVersion(
                flow: net.flow, version: net.version, sessions: coverage.sessions(of: program), states: net.stateCount,
                moves: net.moveCount, unusedStates: coverage.unusedStates(of: program),
                unusedMoves: coverage.unusedMoves(of: program))
        }
        .sorted { ($0.flow, $0.version) < ($1.flow, $1.version) }
        let idle = coverage.contactPointsWithoutSessions(in: flowMap, vocabulary: vocabulary).map(\.code).sorted()
        return CoverageFigures(flowVersions: versions, contactPointsWithoutSessions: idle)
    }

    private func exampleFigures() -> ExampleFigures {
        let given = Set(report.exampleSessions.map(\.session))
        func page(_ session: String, _ number: Int64) -> String? {
            given.contains(session) ? MonthlyReport.pagePath(session: session, number: number) : nil
        }
        func stateName(program: Int32, state: Int32) -> String? {
            guard program >= 0, Int(program) < report.catalog.count, state >= 0 else { return nil }
            let names = report.catalog.net(program).stateNames
            return Int(state) < names.count ? names[Int(state)] : nil
        }
        var deviations: [ExampleFigures.DeviationExample] = []
        for type in DeviationType.allCases {
            for example in report.examples.examples(of: type) {
                deviations.append(ExampleFigures.DeviationExample(
                    session: example.session, type: type.description, sequence: Int(example.deviation.sequence),
                    state: stateName(program: example.deviation.program, state: example.deviation.state),
                    page: page(example.session, example.number)))
            }
        }
        let steps = report.examples.steps.map { example in
            ExampleFigures.StepExample(
                session: example.session, sequence: Int(example.step.sequence),
                state: stateName(program: example.step.program, state: example.step.state),
                agent: vocabulary.name(example.step.actor), role: vocabulary.name(example.step.role),
                orgUnit: vocabulary.name(example.step.orgUnit),
                failed: example.step.failed.description.split(separator: ", ").map(String.init),
                page: page(example.session, example.number))
        }
        return ExampleFigures(
            deviations: deviations, nonConformingSteps: steps, nonConformingStepTotal: report.examples.nonConformingSteps)
    }
}
