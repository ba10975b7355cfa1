import FlowModel
import FlowRuntime
import Foundation

/// What a simulation generates: how many contacts, over which days, in which mix, and how
/// often customers and agents stray from the designed paths.
public struct SimulationPlan: Sendable {
    public var contacts: Int
    public var seed: UInt64
    /// Milliseconds since 1970 of the first day's midnight (local time).
    public var start: Int64
    public var days: Int
    /// Share of contacts per channel id (weights; need not sum to 1).
    public var channelMix: [String: Double]
    /// Agents serving guided channels.
    public var agents: Int
    /// In guided flows, the chance that an agent strays at a step (an override with a
    /// reason, or a step done outside the engine).
    public var deviationRate: Double
    /// The chance that a customer hangs up at any step.
    public var abandonRate: Double
    /// The chance that a customer stays silent (no-input) or a host times out at a step.
    public var timeoutRate: Double
    /// The chance that a customer gives input that does not fit.
    public var noMatchRate: Double
    /// In guided flows, the chance that the wrong person acts: a step the flow assigns to
    /// another role done by the agent anyway, a transfer picked up by the wrong unit, a
    /// colleague stepping in without a transfer.
    public var orgDeviationRate: Double
    /// Contacts in flight at once.
    public var concurrency: Int

    public init(
        contacts: Int = 10_000, seed: UInt64 = 1, start: Int64 = SimulationPlan.defaultStart, days: Int = 30,
        channelMix: [String: Double] = ["phone": 40, "ivr": 35, "web": 15, "sms": 10], agents: Int = 60,
        deviationRate: Double = 0.04, abandonRate: Double = 0.02, timeoutRate: Double = 0.03,
        noMatchRate: Double = 0.04, orgDeviationRate: Double = 0.03, concurrency: Int = 256
    ) {
        self.contacts = contacts
        self.seed = seed
        self.start = start
        self.days = days
        self.channelMix = channelMix
        self.agents = agents
        self.deviationRate = deviationRate
        self.abandonRate = abandonRate
        self.timeoutRate = timeoutRate
        self.noMatchRate = noMatchRate
        self.orgDeviationRate = orgDeviationRate
        self.concurrency = concurrency
    }

    /// 2026-11-01 00:00 UTC+8, the start of a month of traffic.
    public static let defaultStart: Int64 = 1_793_462_400_000

    /// Calls per hour of the day, relative (a hotline's day: quiet at night, peaks late
    /// morning, early afternoon and evening).
    static let intraday: [Double] = [
        1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.5, 4, 8, 11, 12, 11, 8, 9, 10, 10, 9, 8, 8, 9, 10, 8, 5, 2,
    ]

    /// Relative popularity of businesses by category: inquiries dominate a hotline.
    static func weight(of category: FlowCategory) -> Double {
        switch category {
        case .inquiry: 10
        case .acceptance: 5
        case .verification: 2
        case .consultation: 3
        case .complaint: 1.5
        }
    }
}

/// The agents of the centre, made from the flow map's organisation.
public struct AgentPool: Sendable {
    public let agents: [Actor]
    let organisation: Organisation
    /// The unit serving each skill group and queue.
    let serving: [String: String]

    /// `count` agents: most front-line agents, then senior agents, complaint specialists,
    /// VIP desk agents and team leaders, in the units the map declares for them.
    public init(count: Int, organisation: Organisation) {
        let units = Set(organisation.units.map(\.id))
        let roles = Set(organisation.roles.map(\.id))
        func unit(_ preferred: String) -> String? {
            units.contains(preferred) ? preferred : organisation.units.first?.id
        }
        func role(_ preferred: String) -> String? {
            roles.contains(preferred) ? preferred : organisation.roles.first?.id
        }
        let profile: [(role: String, unit: String, share: Double)] = [
            ("agent", "front-line", 0.58), ("senior-agent", "front-line", 0.12), ("senior-agent", "vip-team", 0.08),
            ("complaint-specialist", "complaints-desk", 0.1), ("team-leader", "front-line", 0.05),
            ("back-office-staff", "billing-dept", 0.02), ("back-office-staff", "network-dept", 0.02),
            ("back-office-staff", "back-office", 0.03),
        ]
        var agents: [Actor] = []
        for (index, entry) in profile.enumerated() {
            let share = index == profile.count - 1 ? count - agents.count : Int((Double(count) * entry.share).rounded())
            for _ in 0..<max(0, share) where agents.count < count {
                agents.append(Actor(
                    id: String(format: "A%04d", agents.count + 1), role: role(entry.role), orgUnit: unit(entry.unit)))
            }
        }
        while agents.count < max(1, count) {
            agents.append(Actor(id: String(format: "A%04d", agents.count + 1), role: role("agent"), orgUnit: unit("front-line")))
        }
        self.agents = agents
        self.organisation = organisation
        var serving: [String: String] = [:]
        for group in organisation.skills + organisation.queues { if let unit = group.unit { serving[group.id] = unit.name } }
        self.serving = serving
    }

    /// Whether `actor` may perform a state with these performers (see `Organisation.allows`).
    func matches(_ actor: Actor, _ performers: [String]) -> Bool {
        organisation.allows(role: actor.role, unit: actor.orgUnit, performers: performers)
    }

    /// Someone who may perform a state with these performers, at random; nil when nobody may.
    func agent(matching performers: [String], using random: inout SeededRandom) -> Actor? {
        let candidates = agents.filter { matches($0, performers) }
        return candidates.isEmpty ? nil : candidates[Int.random(in: 0..<candidates.count, using: &random)]
    }

    /// The unit a transfer target reaches: an org unit itself, or the unit serving a skill or queue.
    func unit(reachedBy kind: String, _ target: String) -> String? {
        kind == "org-unit" ? target : serving[target]
    }

    /// Another agent of `actor`'s unit, at random.
    func colleague(of actor: Actor, using random: inout SeededRandom) -> Actor? {
        let candidates = agents.filter { $0.orgUnit == actor.orgUnit && $0.id != actor.id }
        return candidates.isEmpty ? nil : candidates[Int.random(in: 0..<candidates.count, using: &random)]
    }

    /// The agent for a contact: VIP contacts go to the VIP desk, complaints mostly to specialists.
    /// Only agents who may perform the flow's first state (`performers`) take it.
    func agent(for category: FlowCategory, brand: String, performers: [String], using random: inout SeededRandom) -> Actor {
        let wanted: (Actor) -> Bool =
            switch category {
            case .complaint where random.chance(0.7): { $0.role == "complaint-specialist" }
            case _ where brand == "gotone" && random.chance(0.5): { $0.orgUnit == "vip-team" }
            default: { $0.orgUnit == "front-line" }
            }
        let allowed = agents.filter { matches($0, performers) }
        let candidates = allowed.filter(wanted)
        let pool = candidates.isEmpty ? (allowed.isEmpty ? agents : allowed) : candidates
        return pool[Int.random(in: 0..<pool.count, using: &random)]
    }
}
