import Foundation
import GRDB

extension QAStore {
    /// Draws a sample into campaign `campaign` (made now when new) and records it, in one
    /// transaction: the sessions already in the campaign are read inside it, so two draws
    /// never take the same session.
    ///
    /// - Parameters:
    ///   - seed: the campaign's seed (a new campaign takes it; an existing one must match).
    ///   - selection: the selection the candidates came from, as the command stated it.
    ///   - candidates: the finished sessions of the selection, each with its stratum.
    ///   - by: who draws.
    /// - Returns: the sessions drawn, stratum by stratum in hash order.
    @discardableResult
    public func draw(
        campaign name: String, seed: UInt64, strata: SamplingStrata, size: Int, selection: String,
        candidates: [SamplingCandidate], by drawer: String, at time: Int64 = Int64(Date().timeIntervalSince1970 * 1000)
    ) throws -> [DrawnSession] {
        guard !name.isEmpty else { throw QAError.emptyField("the campaign's name") }
        guard !drawer.isEmpty else { throw QAError.emptyField("who draws (--drawn-by)") }
        guard size > 0 else { throw QAError.refused("the size per stratum must be at least 1, not \(size)") }
        guard let storedSeed = Int64(exactly: seed) else {
            throw QAError.refused("the seed \(seed) is over \(Int64.max)")
        }
        return try write { db in
            var campaignID: Int64
            if let existing = try Campaign.fetchOne(db, sql: "SELECT * FROM campaigns WHERE name = ?", arguments: [name]) {
                guard existing.seed == seed else {
                    throw QAError.seedMismatch(campaign: name, seed: existing.seed, given: seed)
                }
                campaignID = existing.id
            } else {
                try db.execute(
                    sql: "INSERT INTO campaigns (name, seed, created_at, created_by, selection) VALUES (?, ?, ?, ?, ?)",
                    arguments: [name, storedSeed, time, drawer, selection])
                campaignID = db.lastInsertedRowID
            }
            let already = Set(try String.fetchAll(db, sql: "SELECT session FROM samples WHERE campaign = ?", arguments: [campaignID]))
            let drawn = Sampler.draw(from: candidates, seed: seed, size: size, alreadyDrawn: already)
            try db.execute(
                sql: "INSERT INTO draws (campaign, seed, strata, size, selection, drawn_at, drawn_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [campaignID, storedSeed, strata.rawValue, size, selection, time, drawer])
            let drawID = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: """
                INSERT INTO samples (campaign, draw, session, session_number, stratum, rank) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for session in drawn {
                try insert.execute(arguments: [campaignID, drawID, session.session, session.number, session.stratum, session.rank])
            }
            return drawn
        }
    }

    /// The campaign named `name`; nil when there is none.
    public func campaign(named name: String) throws -> Campaign? {
        try read { db in try Campaign.fetchOne(db, sql: "SELECT * FROM campaigns WHERE name = ?", arguments: [name]) }
    }

    /// Every campaign, oldest first.
    public func campaigns() throws -> [Campaign] {
        try read { db in try Campaign.fetchAll(db, sql: "SELECT * FROM campaigns ORDER BY id") }
    }

    /// A campaign's draws, in order.
    public func draws(campaign name: String) throws -> [CampaignDraw] {
        try read { db in
            guard let campaign = try Campaign.fetchOne(db, sql: "SELECT * FROM campaigns WHERE name = ?", arguments: [name]) else {
                throw QAError.unknownCampaign(name)
            }
            return try CampaignDraw.fetchAll(db, sql: "SELECT * FROM draws WHERE campaign = ? ORDER BY id", arguments: [campaign.id])
        }
    }

    /// The sessions sampled in a campaign, draw by draw, each stratum in hash order.
    public func samples(campaign name: String) throws -> [CampaignSample] {
        try read { db in
            guard let campaign = try Campaign.fetchOne(db, sql: "SELECT * FROM campaigns WHERE name = ?", arguments: [name]) else {
                throw QAError.unknownCampaign(name)
            }
            return try CampaignSample.fetchAll(
                db, sql: "SELECT * FROM samples WHERE campaign = ? ORDER BY draw, stratum, rank", arguments: [campaign.id])
        }
    }
}
