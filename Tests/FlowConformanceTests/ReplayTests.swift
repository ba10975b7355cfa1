import FlowConformance
import Testing

/// Token replay and alignment on traces that are not as designed. Every expected figure
/// was computed by hand and checked with pm4py 2.7 (`replay_fitness` TOKEN_BASED and
/// ALIGNMENT_BASED on the PNML that `FlowNet.pnml()` writes; pm4py reports alignment costs
/// ×10,000 with 1 per silent move, so its log fitness differs from ours past the 4th decimal).
@Suite struct ReplayTests {
    static let net: FlowNet = {
        let catalog = ConformanceFixture.catalog()
        let program = ConformanceFixture.program("demo.phone")
        return catalog.net(catalog.index(flow: program.id, version: program.version)!)
    }()

    struct Case: Sendable, CustomTestStringConvertible {
        let labels: [String]
        let tokens: TokenCounts
        let alignment: AlignmentCost
        var testDescription: String { labels.isEmpty ? "(empty trace)" : labels.joined(separator: ", ") }
    }

    static let cases: [Case] = [
        // Two labels the net does not have: skipped by replay, log moves in the alignment.
        Case(labels: ["greet->ask", "ask->done", "greet->resolve"], tokens: TokenCounts(missing: 1, consumed: 2, remaining: 1, produced: 2),
             alignment: AlignmentCost(cost: 3, denominator: 4)),
        // A token missing on the way into an end state; the one in `ask` is left.
        Case(labels: ["greet->ask", "resolve->done"], tokens: TokenCounts(missing: 1, consumed: 4, remaining: 1, produced: 4),
             alignment: AlignmentCost(cost: 1, denominator: 3)),
        // Nothing happened: the final marking is missing and the start's token left.
        Case(labels: [], tokens: TokenCounts(missing: 1, consumed: 1, remaining: 1, produced: 1),
             alignment: AlignmentCost(cost: 1, denominator: 1)),
        // Retries are designed moves.
        Case(labels: ["greet->ask", "ask->ask", "ask->ask", "ask->resolve", "resolve->done"],
             tokens: TokenCounts(missing: 0, consumed: 7, remaining: 0, produced: 7), alignment: AlignmentCost(cost: 0, denominator: 6)),
        // A retry after the state was left: a token created in `ask`, and left there.
        Case(labels: ["greet->ask", "ask->resolve", "ask->ask", "resolve->done"],
             tokens: TokenCounts(missing: 1, consumed: 6, remaining: 1, produced: 6), alignment: AlignmentCost(cost: 1, denominator: 5)),
        // Two end states holding tokens: one τ fires, the other token remains.
        Case(labels: ["greet->hung-up", "resolve->done"], tokens: TokenCounts(missing: 1, consumed: 4, remaining: 1, produced: 4),
             alignment: AlignmentCost(cost: 1, denominator: 3)),
        // The start skipped.
        Case(labels: ["ask->resolve", "resolve->done"], tokens: TokenCounts(missing: 1, consumed: 4, remaining: 1, produced: 4),
             alignment: AlignmentCost(cost: 1, denominator: 3)),
        // A step left out in the middle.
        Case(labels: ["greet->ask", "ask->transfer-billing", "billing-explain->resolve", "resolve->done"],
             tokens: TokenCounts(missing: 1, consumed: 6, remaining: 1, produced: 6), alignment: AlignmentCost(cost: 1, denominator: 5)),
        // A label with states the flow does not have.
        Case(labels: ["nowhere->done"], tokens: TokenCounts(missing: 1, consumed: 1, remaining: 1, produced: 1),
             alignment: AlignmentCost(cost: 2, denominator: 2)),
    ]

    @Test(arguments: cases)
    func replayAndAlignmentCountAsPm4pyDoes(_ example: Case) {
        var replay = TokenReplay()
        var alignment = Alignment()
        let moves = Self.net.moves(example.labels)
        #expect(replay.replay(moves, on: Self.net) == example.tokens)
        #expect(alignment.align(moves, on: Self.net) == example.alignment)
    }

    @Test func logFitnessOverTheCasesIsPm4pys() {
        var replay = TokenReplay()
        var alignment = Alignment()
        var tokens = TokenCounts()
        var costs = AlignmentCost()
        // One replayer and aligner for every trace: their buffers are reused.
        for example in Self.cases {
            let moves = Self.net.moves(example.labels)
            tokens += replay.replay(moves, on: Self.net)
            costs += alignment.align(moves, on: Self.net)
        }
        // pm4py: 0.7714285714285715 and 0.6562315434878394 (τ at 1/10,000 of a move).
        #expect(abs(tokens.fitness - 0.7714285714285715) < 1e-12)
        #expect(costs == AlignmentCost(cost: 11, denominator: 32))
        #expect(abs(costs.fitness - 0.6562315434878394) < 1e-4)
    }

    @Test func aLongTraceNeedsTheDequeToGrow() {
        // 300 retries and a jump: the search visits far more nodes than the deque's first size.
        let labels = ["greet->ask"] + Array(repeating: "ask->ask", count: 300) + ["resolve->done"]
        var alignment = Alignment()
        var replay = TokenReplay()
        let moves = Self.net.moves(labels)
        #expect(alignment.align(moves, on: Self.net) == AlignmentCost(cost: 1, denominator: 303))
        #expect(replay.replay(moves, on: Self.net) == TokenCounts(missing: 1, consumed: 304, remaining: 1, produced: 304))
    }

    @Test func theFastPathAgreesWithTheFullReplay() {
        var replay = TokenReplay()
        var alignment = Alignment()
        for labels in [
            ["greet->ask", "ask->resolve", "resolve->done"], ["greet->hung-up"],
            ["greet->ask", "ask->ask", "ask->transfer-billing", "transfer-billing->resolve", "resolve->done"],
        ] {
            let moves = Self.net.moves(labels)
            #expect(replay.replay(moves, on: Self.net) == .perfect(length: labels.count))
            #expect(alignment.align(moves, on: Self.net) == AlignmentCost(cost: 0, denominator: labels.count + 1))
        }
    }
}
