import FlowAudit
import Foundation
import Testing

/// Sampling (docs/auditing.md, "Sampling"). The orders below were computed by hand with
/// `printf '42:S1' | sha256sum` for each session: with seed 42, stratum P901 orders
/// S2, S3, S6, S4, S1, S5 and P902 orders T2, T1; with seed 7, S6, S2, S5, S3, S4, S1
/// and T1, T2.
@Suite struct QASamplerTests {
    static let candidates: [SamplingCandidate] =
        (1...6).map { SamplingCandidate(session: "S\($0)", number: Int64($0), stratum: "P901") }
        + (1...2).map { SamplingCandidate(session: "T\($0)", number: Int64(10 + $0), stratum: "P902") }

    static func summary(_ drawn: [DrawnSession]) -> [String] {
        drawn.map { "\($0.stratum):\($0.session)#\($0.rank)" }
    }

    @Test func theOrderKeyIsSHA256OfSeedColonSession() {
        let hex = Sampler.orderKey(seed: 42, session: "S1").map { String(format: "%02x", $0) }.joined()
        #expect(hex.hasPrefix("50e731ccd6a399ea"))
    }

    @Test func aDrawTakesTheFirstOfEachStratumInHashOrder() {
        let drawn = Sampler.draw(from: Self.candidates, seed: 42, size: 3, alreadyDrawn: [])
        #expect(Self.summary(drawn) == ["P901:S2#1", "P901:S3#2", "P901:S6#3", "P902:T2#1", "P902:T1#2"])
    }

    @Test func theSameSeedDrawsTheSameSessionsWhateverTheCandidatesOrder() {
        let first = Sampler.draw(from: Self.candidates, seed: 42, size: 3, alreadyDrawn: [])
        let second = Sampler.draw(from: Self.candidates.reversed(), seed: 42, size: 3, alreadyDrawn: [])
        #expect(first == second)
    }

    @Test func anotherSeedDrawsOthers() {
        let drawn = Sampler.draw(from: Self.candidates, seed: 7, size: 3, alreadyDrawn: [])
        #expect(Self.summary(drawn) == ["P901:S6#1", "P901:S2#2", "P901:S5#3", "P902:T1#1", "P902:T2#2"])
    }

    @Test func sessionsAlreadyInTheCampaignAreSkipped() {
        let drawn = Sampler.draw(from: Self.candidates, seed: 42, size: 3, alreadyDrawn: ["S2", "S3", "S6", "T2", "T1"])
        #expect(Self.summary(drawn) == ["P901:S4#4", "P901:S1#5", "P901:S5#6"])
    }

    @Test func aStratumSmallerThanTheSizeGivesWhatItHas() {
        let drawn = Sampler.draw(from: Self.candidates, seed: 42, size: 10, alreadyDrawn: [])
        #expect(drawn.filter { $0.stratum == "P901" }.count == 6)
        #expect(drawn.filter { $0.stratum == "P902" }.count == 2)
    }

    @Test func aSessionListedTwiceIsDrawnOnce() {
        let drawn = Sampler.draw(from: Self.candidates + Self.candidates, seed: 42, size: 10, alreadyDrawn: [])
        #expect(Set(drawn.map(\.session)).count == drawn.count)
        #expect(drawn.count == 8)
    }
}
