import FlowLoading
import FlowModel
import FlowRuntime
import FlowSimulation
import Foundation
import Testing

/// Simulated traffic over the shipped library: reproducible from a seed, realistic in mix.
@Suite struct SimulationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let loaded = FlowLibrary.load(paths: [root.appendingPathComponent("Flows").path])
    static let library = try! ProgramLibrary(flows: loaded.flows, flowMap: loaded.flowMap) { try FlowVersion.hash(ofFileAt: $0.file) }

    func simulate(
        contacts: Int, seed: UInt64, orgDeviationRate: Double = 0.03, deviationRate: Double = 0.04,
        channelMix: [String: Double] = ["phone": 40, "ivr": 35, "web": 15, "sms": 10]
    ) async throws -> (Simulation.Summary, MemorySessionStore) {
        let store = MemorySessionStore()
        let engine = Engine(library: Self.library, flowMap: Self.loaded.flowMap!, store: store, clock: ManualClock(now: 0))
        let simulation = Simulation(
            engine: engine, catalog: Self.library, flowMap: Self.loaded.flowMap!,
            plan: SimulationPlan(
                contacts: contacts, seed: seed, channelMix: channelMix, deviationRate: deviationRate,
                orgDeviationRate: orgDeviationRate, concurrency: 32))
        return (try await simulation.run(), store)
    }

    @Test func theShippedLibraryIsClean() {
        #expect(!Self.loaded.hasErrors)
    }

    @Test func aSeedGivesTheSameTrafficEveryTime() async throws {
        let (first, firstStore) = try await simulate(contacts: 120, seed: 7)
        let (second, secondStore) = try await simulate(contacts: 120, seed: 7)
        #expect(first.records == second.records)
        #expect(first.outcomes == second.outcomes)
        for index in [0, 17, 119] {
            let session = String(format: "sim-7-%07d", index)
            let a = await firstStore.log(session: session)
            let b = await secondStore.log(session: session)
            #expect(!a.isEmpty)
            #expect(a == b)
        }
        let (other, _) = try await simulate(contacts: 120, seed: 8)
        #expect(other.records != first.records || other.outcomes != first.outcomes)
    }

    @Test func trafficCoversTheMatrixWithRealisticOutcomes() async throws {
        let (summary, store) = try await simulate(contacts: 400, seed: 11)
        #expect(summary.contacts == 400)
        #expect(Set(summary.byChannel.keys) == ["phone", "ivr", "web", "sms"])
        // Most contacts are resolved, some transferred or abandoned, few fail: a hotline's month.
        #expect(summary.outcomes[.resolved, default: 0] > 400 / 2)
        #expect(summary.outcomes[.failed, default: 0] < 400 / 8)
        #expect(summary.outcomes.keys.count >= 4)
        #expect(summary.records > 400 * 6)
        // Agents stray in guided flows, and the log says so.
        var triggers: [String: Int] = [:]
        for index in 0..<400 {
            for record in await store.log(session: String(format: "sim-11-%07d", index)) {
                triggers[record.trigger, default: 0] += 1
                if record.trigger == "override" { #expect(record.reason != nil && record.actor != nil) }
            }
        }
        #expect(triggers["override", default: 0] > 0)
        #expect(triggers["outside", default: 0] > 0)
        #expect(triggers["retry", default: 0] > 0)
        #expect(triggers["handler", default: 0] > 0)
        // A step done outside the engine does not strand its contact: the state still waits,
        // and the customer or host answers it, so every contact with one goes on to its end.
        var strandedAfterOutsideStep: [String] = []
        for index in 0..<400 {
            let session = String(format: "sim-11-%07d", index)
            let log = await store.log(session: session)
            if log.contains(where: { $0.trigger == "outside" }), !log.contains(where: { $0.depth == 0 && $0.outcome != nil }) {
                strandedAfterOutsideStep.append(session)
            }
        }
        #expect(strandedAfterOutsideStep == [])
    }

    /// Whether an actor may perform a state declaring these performers (roles, or units
    /// with the units below them).
    static func matches(_ record: LogRecord, _ performers: [String]) -> Bool {
        loaded.flowMap!.organisation.allows(role: record.role, unit: record.orgUnit, performers: performers)
    }

    static func performers(_ record: LogRecord) -> [String] {
        guard let program = library.program(flow: record.flow, version: record.version),
            let name = record.trigger == "start" || record.trigger == "outside" ? record.to : record.from,
            let index = program.stateIndex(named: name)
        else { return [] }
        return program.states[Int(index)].model.performer.map(\.name)
    }

    @Test func withoutOrganisationalDeviationsEveryPersonStepIsDoneByWhomTheFlowAssigns() async throws {
        let (_, store) = try await simulate(contacts: 300, seed: 5, orgDeviationRate: 0, deviationRate: 0)
        var personSteps = 0
        var units: Set<String> = []
        for index in 0..<300 {
            for record in await store.log(session: String(format: "sim-5-%07d", index)) where record.actor != nil {
                personSteps += 1
                units.insert(record.orgUnit ?? "")
                #expect(Self.matches(record, Self.performers(record)), "\(record.session) #\(record.sequence) by \(record.actor!)")
            }
        }
        #expect(personSteps > 300)
        // Escalations and transfers bring in people beyond the front line.
        #expect(units.isSuperset(of: ["front-line", "complaints-desk"]))
        #expect(units.count >= 3, "\(units)")
    }

    @Test func withOrganisationalDeviationsSomeStepsAreDoneByTheWrongPeople() async throws {
        let (_, store) = try await simulate(contacts: 400, seed: 5, orgDeviationRate: 0.3, channelMix: ["phone": 1])
        var wrong = 0
        var actors: Set<String> = []
        for index in 0..<400 {
            var first: String?
            for record in await store.log(session: String(format: "sim-5-%07d", index)) where record.actor != nil {
                if !Self.matches(record, Self.performers(record)) { wrong += 1 }
                if first == nil { first = record.actor }
                if record.actor != first { actors.insert(record.session) }
            }
        }
        #expect(wrong > 0)
        #expect(actors.count > 0)
    }
}
