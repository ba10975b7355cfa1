import Crypto

/// A finished session that a campaign may draw, with the stratum it falls in.
public struct SamplingCandidate: Sendable, Hashable {
    /// The session's id, and its number in the store (arrival order).
    public var session: String
    public var number: Int64
    /// The stratum's key: a contact-point code, an agent or an org unit.
    public var stratum: String

    public init(session: String, number: Int64, stratum: String) {
        self.session = session
        self.number = number
        self.stratum = stratum
    }
}

/// A session drawn into a campaign.
public struct DrawnSession: Sendable, Hashable, Codable {
    public var session: String
    public var number: Int64
    public var stratum: String
    /// Its place in its stratum's order (1 first), among every candidate of the stratum.
    public var rank: Int

    public init(session: String, number: Int64, stratum: String, rank: Int) {
        self.session = session
        self.number = number
        self.stratum = stratum
        self.rank = rank
    }
}

/// Stratified random sampling for QA (docs/auditing.md, "Sampling"): within each stratum,
/// sessions ordered by SHA-256(seed, session id), the first `size` not yet in the
/// campaign taken. Pure: the same candidates, seed and campaign give the same draw.
///
/// ```swift
/// let draw = Sampler.draw(from: candidates, seed: 42, size: 5, alreadyDrawn: campaignSessions)
/// ```
public enum Sampler {
    /// The key a session is ordered by: SHA-256 of the UTF-8 bytes of `"<seed>:<session id>"`
    /// (the seed in decimal), so an auditor can recompute it:
    /// `printf '42:S1' | sha256sum`.
    public static func orderKey(seed: UInt64, session: String) -> [UInt8] {
        Array(SHA256.hash(data: Array("\(seed):\(session)".utf8)))
    }

    /// The draw: per stratum (strata in name order), up to `size` sessions not in
    /// `alreadyDrawn`, in the stratum's hash order. A stratum with fewer such sessions
    /// gives what it has. A session listed twice among the candidates counts once.
    public static func draw(
        from candidates: [SamplingCandidate], seed: UInt64, size: Int, alreadyDrawn: Set<String>
    ) -> [DrawnSession] {
        guard size > 0 else { return [] }
        var strata: [String: [(key: [UInt8], candidate: SamplingCandidate)]] = [:]
        var seen = Set<String>()
        for candidate in candidates where seen.insert(candidate.session).inserted {
            strata[candidate.stratum, default: []].append((orderKey(seed: seed, session: candidate.session), candidate))
        }
        var drawn: [DrawnSession] = []
        for stratum in strata.keys.sorted() {
            let ordered = strata[stratum]!.sorted { lhs, rhs in
                lhs.key.lexicographicallyPrecedes(rhs.key)
                    || (lhs.key == rhs.key && lhs.candidate.session < rhs.candidate.session)
            }
            var taken = 0
            for (index, entry) in ordered.enumerated() where taken < size {
                guard !alreadyDrawn.contains(entry.candidate.session) else { continue }
                drawn.append(DrawnSession(
                    session: entry.candidate.session, number: entry.candidate.number, stratum: stratum, rank: index + 1))
                taken += 1
            }
        }
        return drawn
    }
}
