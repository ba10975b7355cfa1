import FlowAudit
import FlowConformance
import FlowLoading
import FlowModel
import FlowRuntime
import Foundation
import Testing

/// A month of a centre of 10086's size, as tallies: about 400 contact points (the Flows/
/// map widened to 46 businesses), 2,000 agents, 31 days, 20 contact points per agent and day.
/// The report's work depends on these cardinalities only, never on the sessions behind
/// them; these tests check that everything of that size reaches the files.
///
/// The suite is serialized and its tally made once, so that the second test's duration, as
/// `swift test` prints it, is the report's alone (docs/auditing.md, "The monthly report").
@Suite(.serialized) struct ReportScaleTests {
    static let agents = 2_000
    static let contactPointsPerAgentDay = 20
    static let month = Month(year: 2026, month: 12)
    /// The Flows/ map's 11 businesses and 35 copies: 46 x 4 channels x 3 brands, 408 of them
    /// offering a flow (114 on the guided phone channel).
    static let businesses = 46

    struct Scale: Sendable {
        var flowMap: FlowMap
        var catalog: NetCatalog
        var tally: AuditTally
        var examples: FindingExamples
        var guided: Int
        var automated: Int
        var adds: Int
    }

    static let scale: Scale = try! makeScale()

    static func makeScale() throws -> Scale {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Flows").standardizedFileURL
        let loaded = FlowLibrary.load(paths: [folder.path])
        guard var map = loaded.flowMap else { preconditionFailure("no flow map in \(folder.path)") }
        // Copies of the real rows under new codes.
        let real = map.businesses
        for index in 0..<(Self.businesses - real.count) {
            let original = real[index % real.count]
            let id = "\(original.id)-\(index + 2)"
            map.businesses.append(Business(
                id: id, code: String(600 + index), name: LocalizedText(zh: original.name.zh, en: "\(original.name.english) \(index + 2)"),
                category: original.category, location: original.location))
            for cell in map.cells where cell.business.name == original.id {
                var copy = cell
                copy.business = NameRef(name: id, location: cell.business.location)
                map.cells.append(copy)
            }
        }
        let library = try ProgramLibrary(flows: loaded.flows, flowMap: map) { try FlowVersion.hash(ofFileAt: $0.file) }
        let catalog = NetCatalog(programs: library.programs, organisation: map.organisation, vocabulary: Vocabulary())
        let vocabulary = catalog.vocabulary

        var guided: [(id: Int32, program: Int32)] = []
        var automated: [(id: Int32, program: Int32)] = []
        for point in map.contactPoints {
            guard let flow = map.resolve(business: point.business, channel: point.channel, brand: point.brand, environment: "").flowID,
                let compiled = library.currentProgram(flow: flow),
                let program = catalog.index(flow: compiled.id, version: compiled.version)
            else { continue }
            let entry = (vocabulary.id(of: point.code), program)
            if map.channel(point.channel)?.mode == .guided { guided.append(entry) } else { automated.append(entry) }
        }

        let units = ["front-line", "vip-team", "complaints-desk", "back-office"].map { vocabulary.id(of: $0) }
        let role = vocabulary.id(of: "agent")
        let agentIDs = (0..<agents).map { vocabulary.id(of: String(format: "G%04d", $0)) }
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        var tally = AuditTally(catalog: catalog, timeZone: zone)
        var verdict = SessionVerdict()
        var adds = 0
        let firstDay = Int64(month.firstDay.number)
        for day in 0..<31 {
            // 09:00 in Shanghai.
            let morning = (firstDay + Int64(day)) * 86_400_000 + 1 * 3_600_000
            for agent in 0..<agents {
                let unit = units[agent % units.count]
                for k in 0..<contactPointsPerAgentDay {
                    let point = guided[(agent * 7 + k + day) % guided.count]
                    let bad = (agent + k + day) % 7 == 0
                    verdict.contactPoint = point.id
                    verdict.program = point.program
                    verdict.startedAt = morning + Int64(agent * 1000 + k)
                    verdict.owner = SessionOwner(agent: agentIDs[agent], role: role, orgUnit: unit)
                    verdict.conformsOnTrajectory = !bad
                    verdict.compliant = !bad && k % 11 != 0
                    verdict.withinFlowSLA = k % 11 != 0
                    verdict.handlingTime = Int64(180_000 + k * 1000)
                    verdict.tokens = .perfect(length: 4)
                    verdict.alignment = AlignmentCost(cost: bad ? 1 : 0, denominator: 6)
                    verdict.deviations = bad ? [Deviation(.override, sequence: 3, program: point.program)] : []
                    verdict.personSteps = (0..<3).map { step in
                        PersonStep(
                            sequence: Int32(step + 1), program: point.program, state: 0, actor: agentIDs[agent], role: role,
                            orgUnit: unit, failed: bad && step == 2 ? .ownership : [])
                    }
                    verdict.nonConformingPersonSteps = bad ? 1 : 0
                    verdict.inspection = k == 0 ? (bad ? .fail : .pass) : nil
                    tally.add(verdict)
                    adds += 1
                }
            }
            for point in automated {
                verdict.contactPoint = point.id
                verdict.program = point.program
                verdict.startedAt = morning
                verdict.owner = .nobody
                verdict.conformsOnTrajectory = true
                verdict.compliant = true
                verdict.withinFlowSLA = true
                verdict.deviations = []
                verdict.personSteps = []
                verdict.nonConformingPersonSteps = 0
                verdict.inspection = nil
                tally.add(verdict)
                adds += 1
            }
        }
        return Scale(
            flowMap: map, catalog: catalog, tally: tally, examples: FindingExamples(limit: 20), guided: guided.count,
            automated: automated.count, adds: adds)
    }

    @Test func aRealisticMonthsTallyIsBoundedByItsCardinalities() {
        let scale = Self.scale
        #expect(scale.guided == 114)
        #expect(scale.automated == 294)
        // One key per (contact point, version, owner, day): the sessions behind them do not add keys.
        #expect(scale.tally.conformance.counts.count == 31 * (Self.agents * Self.contactPointsPerAgentDay + scale.automated))
        #expect(scale.tally.personSteps.counts.count == 31 * Self.agents)
    }

    @Test func aRealisticMonthRendersEveryContactPointAgentAndDay() throws {
        let scale = Self.scale
        let report = MonthlyReport(
            month: Self.month, timeZone: TimeZone(identifier: "Asia/Shanghai")!, flowMap: scale.flowMap, catalog: scale.catalog,
            tally: scale.tally, examples: scale.examples)
        let files = try report.files()
        let json = try #require(files.first { $0.path == "report.json" })
        let figures = try JSONDecoder().decode(ReportFigures.self, from: json.contents)
        #expect(figures.headline.measures.sessions == scale.adds)
        #expect(figures.days.count == 31)
        #expect(figures.days.allSatisfy { $0.measures.sessions == scale.adds / 31 })
        #expect(figures.contactPoints.count == scale.guided + scale.automated)
        #expect(figures.matrix.rows.count == Self.businesses)
        #expect(figures.organisation.byAgent.count == Self.agents)
        #expect(figures.organisation.total.steps == 3 * Self.agents * Self.contactPointsPerAgentDay * 31)
        #expect(figures.worstContactPoints.count == 10)
        let csv = try #require(files.first { $0.path == "report.csv" })
        let lines = String(decoding: csv.contents, as: UTF8.self).split(separator: "\r\n")
        #expect(lines.count == 1 + figures.contactPoints.count)
        let html = String(decoding: try #require(files.first { $0.path == "index.html" }).contents, as: UTF8.self)
        #expect(html.contains("(the 20 with the most non-conforming steps of 2000; all in report.json)"))
    }
}
