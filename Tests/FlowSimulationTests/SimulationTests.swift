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

    func simulate(contacts: Int, seed: UInt64) async throws -> (Simulation.Summary, MemorySessionStore) {
        let store = MemorySessionStore()
        let engine = Engine(library: Self.library, flowMap: Self.loaded.flowMap!, store: store, clock: ManualClock(now: 0))
        let simulation = Simulation(
            engine: engine, catalog: Self.library, flowMap: Self.loaded.flowMap!,
            plan: SimulationPlan(contacts: contacts, seed: seed, concurrency: 32))
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
        #expect(triggers["override", default: 0] + triggers["outside", default: 0] > 0)
        #expect(triggers["retry", default: 0] > 0)
        #expect(triggers["handler", default: 0] > 0)
    }
}
