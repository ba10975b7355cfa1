import FlowConformance
@testable import FlowAudit
import FlowRuntime
import FlowSimulation
import Testing

/// The chunk reader's tables of open sessions: the session-number map agrees with a
/// dictionary through any mix of inserts and removals (deletion by backward shift, growth),
/// and each slot's steps come back in order, whole, as often as a slot is reused.
@Suite struct OpenSessionTablesTests {
    @Test(arguments: [1 as UInt64, 2, 3])
    func theSessionMapAgreesWithADictionary(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var table = SessionSlots(capacity: 4)
        var expected: [Int64: Int32] = [:]
        for round in 0..<20_000 {
            // Dense numbers, as a store gives them, with some far apart.
            let number = round % 7 == 0 ? Int64(random.next() % 1_000_000_000) : Int64(random.next() % 3_000)
            if expected[number] != nil, random.next() % 2 == 0 {
                table.remove(number)
                expected[number] = nil
            } else if expected[number] == nil {
                let slot = Int32(round)
                table.insert(number, slot: slot)
                expected[number] = slot
            }
            if round % 997 == 0 {
                for probe in 0..<3_000 as Range<Int64> { #expect(table.slot(of: probe) == expected[probe]) }
            }
        }
        #expect(table.count == expected.count)
        #expect(Dictionary(uniqueKeysWithValues: table.entries.map { ($0.number, $0.slot) }) == expected)
        table.remove(-5)
        #expect(table.count == expected.count)
    }

    @Test func slotsGiveBackTheirStepsInOrderAsOftenAsTheyAreReused() {
        var steps = OpenSteps(slots: 2)
        func step(_ sequence: Int32) -> TraceStep {
            TraceStep(sequence: sequence, depth: 0, trigger: .event, tookTransition: true, program: 0, from: 0, to: 1,
                enteredAt: Int64(sequence), leftAt: Int64(sequence) + 1)
        }
        for round in 0..<3 {
            for slot in 0..<40 as Range<Int32> {
                for sequence in 0..<(slot + Int32(round)) { steps.append(step(sequence), to: slot) }
            }
            for slot in 0..<40 as Range<Int32> {
                let taken = steps.take(slot)
                #expect(taken.map(\.sequence) == Array(0..<(slot + Int32(round))))
                #expect(steps.take(slot).isEmpty)
            }
        }
        #expect(steps.take(1_000).isEmpty)
    }
}
