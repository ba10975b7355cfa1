import FlowAudit
import FlowConformance
import FlowLoading
import FlowModel
import FlowRuntime
import Foundation
import Testing

/// The worked example of docs/auditing.md (its flows are the conformance tests' fixtures,
/// read in place), played through the real runtime and measured, for the report's tests.
enum ReportFixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../FlowConformanceTests/Fixtures/demo").standardizedFileURL

    static let loaded: FlowLibrary = {
        let loaded = FlowLibrary.load(paths: [folder.path])
        precondition(!loaded.hasErrors, loaded.diagnostics.map(\.formatted).joined(separator: "\n"))
        return loaded
    }()

    static let flowMap: FlowMap = loaded.flowMap!

    static let library: ProgramLibrary = {
        try! ProgramLibrary(flows: loaded.flows, flowMap: flowMap) { try FlowVersion.hash(ofFileAt: $0.file) }
    }()

    static func catalog() -> NetCatalog {
        NetCatalog(programs: library.programs, organisation: flowMap.organisation, vocabulary: Vocabulary())
    }

    static let utc = TimeZone(identifier: "UTC")!

    /// 09:00 UTC on a day.
    static func nine(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        Int64(Day(year: year, month: month, day: day).number) * 86_400_000 + 9 * 3_600_000
    }

    static func agent(_ id: String, unit: String = "front-line") -> Actor { Actor(id: id, role: "agent", orgUnit: unit) }

    /// S1...S5 of the worked example, started at `start` (ids prefixed when not the example's own).
    static func workedExample(at start: Int64 = nine(2026, 11, 2), prefix: String = "") throws -> [DrivenContact] {
        let (a1, a2, a3, a7) = (agent("A1"), agent("A2"), agent("A3"), agent("A7"))
        var s1 = try DrivenContact("demo.phone", id: prefix + "S1", agent: a1, at: start)
        try s1.send(.input("1"), at: 40, actor: a1)
        var s2 = try DrivenContact("demo.phone", id: prefix + "S2", agent: a2, at: start)
        try s2.send(.override(to: "done", reason: "customer-in-hurry"), at: 30, actor: a2)
        var s3 = try DrivenContact("demo.phone", id: prefix + "S3", agent: a1, at: start)
        try s3.send(.noInput, at: 20)
        try s3.send(.hangup, at: 70)
        var s4 = try DrivenContact("demo.phone", id: prefix + "S4", agent: a1, at: start)
        try s4.send(.input("2"), at: 50, actor: a1)
        try s4.send(.outcome("connected"), at: 200)
        try s4.send(.input("客户对账单有疑问，已说明"), at: 370, actor: a7)
        var s5 = try DrivenContact("demo.phone", id: prefix + "S5", agent: a3, at: start)
        try s5.send(.recordStep(state: "transfer-billing", note: nil), at: 30, actor: a3)
        try s5.wait(until: 600)
        return [s1, s2, s3, s4, s5]
    }

    /// The example's QA verdicts: S1 pass, S3 fail.
    static let inspections: [InspectionVerdict?] = [.pass, nil, .fail, nil, nil]

    /// Contacts measured into one tally and one list of examples, as `audit report` does.
    struct Measured {
        var catalog: NetCatalog
        var traces: [SessionTrace]
        var tally: AuditTally
        var examples: FindingExamples
        var inspections: [Int64: InspectionVerdict]
    }

    static func measure(
        _ contacts: [DrivenContact], inspections: [InspectionVerdict?] = [], catalog: NetCatalog = catalog(),
        timeZone: TimeZone = utc
    ) throws -> Measured {
        var measurer = SessionMeasurer(catalog: catalog)
        var tally = AuditTally(catalog: catalog, timeZone: timeZone)
        var examples = FindingExamples(limit: 20)
        var traces: [SessionTrace] = []
        var verdicts: [Int64: InspectionVerdict] = [:]
        for (index, contact) in contacts.enumerated() {
            #expect(contact.ended, "contact \(index + 1) has not ended")
            let trace = try contact.trace(number: Int64(index + 1), catalog: catalog)
            let inspection = index < inspections.count ? inspections[index] : nil
            let verdict = measurer.measure(trace, inspection: inspection)
            tally.add(verdict)
            examples.collect(verdict, of: trace)
            traces.append(trace)
            if let inspection { verdicts[trace.number] = inspection }
        }
        return Measured(catalog: catalog, traces: traces, tally: tally, examples: examples, inspections: verdicts)
    }

    /// November 2026's report of the worked example.
    static func novemberReport(
        flowMap: FlowMap = flowMap, minSessions: Int = 30, previous: [ReportFigures] = []
    ) throws -> MonthlyReport {
        let measured = try measure(workedExample(), inspections: inspections)
        return MonthlyReport(
            month: Month(year: 2026, month: 11), timeZone: utc, flowMap: flowMap, catalog: measured.catalog,
            tally: measured.tally, examples: measured.examples, exampleSessions: measured.traces,
            exampleInspections: measured.inspections, previousMonths: previous, minSessions: minSessions)
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flowmap-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }
}

/// A contact driven through the real `Stepper` as the engine would: each event at its time,
/// and every armed timer fired when it falls due before it.
struct DrivenContact {
    let stepper: Stepper
    var session: LiveSession
    var records: [TraversalRecord]
    let startedAt: Int64

    init(_ flow: String, id: String, agent: Actor?, at start: Int64, code: String = "P901", channel: String = "phone") throws {
        let library = ReportFixture.library
        stepper = Stepper(catalog: library)
        let program = library.currentProgram(flow: flow)!
        let begin = SessionStart(
            id: id,
            contactPoint: ContactPointInfo(
                code: code, business: program.flow.business.name, channel: channel, brand: "", environment: ""),
            customer: "13800138000", agent: agent)
        let outcome = try stepper.start(begin, program: program, at: start)
        session = outcome.session
        records = outcome.records
        startedAt = start
    }

    var ended: Bool { !session.state.isActive }

    mutating func send(_ kind: SessionEvent.Kind, at seconds: Double, actor: Actor? = nil) throws {
        let time = startedAt + Int64(seconds * 1000)
        try advance(to: time)
        records += try stepper.apply(SessionEvent(kind, at: time, actor: actor), to: &session).records
    }

    mutating func wait(until seconds: Double) throws {
        try advance(to: startedAt + Int64(seconds * 1000))
    }

    private mutating func advance(to time: Int64) throws {
        while session.state.isActive, let timer = session.state.timers.filter({ $0.due <= time }).min(by: { $0.due < $1.due }) {
            records += try stepper.apply(
                SessionEvent(.timer(timer.kind, depth: timer.depth, visit: timer.visit), at: timer.due), to: &session).records
            session.state.timers.removeAll { $0 == timer }
        }
    }

    func trace(number: Int64, catalog: NetCatalog) throws -> SessionTrace {
        try SessionTrace(records: records.map(\.logRecord), number: number, catalog: catalog, vocabulary: catalog.vocabulary)
    }
}
