import FlowExpression
import FlowModel
import FlowRuntime
import Foundation

/// Realistic traffic across the whole flow map, through the real engine into its store.
///
/// Each contact is simulated by its own seeded generator, so a seed gives the same
/// sessions and the same records whatever order the engine commits them in.
///
/// ```swift
/// let simulation = Simulation(engine: engine, catalog: programs, flowMap: map, plan: SimulationPlan(contacts: 10_000, seed: 7))
/// let summary = try await simulation.run { done in progressBar.update(done) }
/// ```
public struct Simulation: Sendable {
    public let engine: Engine
    public let flowMap: FlowMap
    public let plan: SimulationPlan
    /// The programs the engine runs, for the agents' skips.
    let catalog: ProgramCatalog
    let operations: [String: FlowModel.Operation]
    let agents: AgentPool
    let contactPoints: [(point: PlannedContactPoint, weight: Double)]

    struct PlannedContactPoint: Sendable {
        var business: String
        var channel: String
        var brand: String
        var environment: String
        var category: FlowCategory
        var guided: Bool
    }

    public init(engine: Engine, catalog: ProgramCatalog, flowMap: FlowMap, plan: SimulationPlan) {
        self.engine = engine
        self.catalog = catalog
        self.flowMap = flowMap
        self.plan = plan
        self.operations = Dictionary(flowMap.operations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.agents = AgentPool(count: plan.agents, organisation: flowMap.organisation)
        // Every contact point the map serves with a flow, weighted by channel mix,
        // business popularity, brand and environment.
        var points: [(PlannedContactPoint, Double)] = []
        let brands = flowMap.brands.isEmpty ? [""] : flowMap.brands.map(\.id)
        let environments = flowMap.environments.isEmpty ? [""] : flowMap.environments.map(\.id)
        for business in flowMap.businesses {
            for channel in flowMap.channels {
                let channelWeight = plan.channelMix[channel.id] ?? 0
                guard channelWeight > 0 else { continue }
                for brand in brands {
                    for environment in environments {
                        guard case .flow = flowMap.resolve(
                            business: business.id, channel: channel.id, brand: brand, environment: environment)
                        else { continue }
                        let environmentWeight = environment == "other-network" ? 0.08 : 0.92
                        let weight = channelWeight * SimulationPlan.weight(of: business.category) * environmentWeight
                        points.append((PlannedContactPoint(
                            business: business.id, channel: channel.id, brand: brand, environment: environment,
                            category: business.category, guided: channel.mode == .guided), weight))
                    }
                }
            }
        }
        contactPoints = points
    }

    /// What a run did.
    public struct Summary: Sendable {
        public var contacts = 0
        public var records: Int64 = 0
        public var events = 0
        public var refused = 0
        public var outcomes: [EndOutcome: Int] = [:]
        public var stillOpen = 0
        public var byChannel: [String: Int] = [:]
    }

    /// Runs every contact of the plan; `progress` is called with the number done so far.
    public func run(progress: @Sendable (Int) -> Void = { _ in }) async throws -> Summary {
        guard !contactPoints.isEmpty else { return Summary() }
        var summary = Summary()
        try await withThrowingTaskGroup(of: ContactResult.self) { group in
            var next = 0
            func launch() {
                let index = next
                next += 1
                group.addTask { try await self.contact(index) }
            }
            while next < min(plan.concurrency, plan.contacts) { launch() }
            while let result = try await group.next() {
                summary.contacts += 1
                summary.records += result.records
                summary.events += result.events
                summary.refused += result.refused
                summary.byChannel[result.channel, default: 0] += 1
                if let outcome = result.outcome { summary.outcomes[outcome, default: 0] += 1 } else { summary.stillOpen += 1 }
                progress(summary.contacts)
                if next < plan.contacts { launch() }
            }
        }
        return summary
    }

    struct ContactResult: Sendable {
        var channel: String
        var records: Int64
        var events: Int
        var refused: Int
        var outcome: EndOutcome?
    }

    /// One contact, from its start to its end (or to a wait it is left in).
    func contact(_ index: Int) async throws -> ContactResult {
        var random = SeededRandom(seed: plan.seed &* 0x9E37_79B9 &+ UInt64(index) &* 0x85EB_CA6B)
        let point = random.pick(contactPoints)
        var time = startTime(using: &random)
        // The agent who takes the contact: one who may perform the flow's first state.
        let agent =
            point.guided
            ? agents.agent(for: point.category, brand: point.brand, performers: startPerformers(point), using: &random)
            : nil
        let customer = "13" + String(format: "%09d", Int.random(in: 0..<1_000_000_000, using: &random))
        // The caller's number, for flows that take it.
        var variables: [String: Value] = [:]
        var opening: String?
        if case .flow(let id) = flowMap.resolve(
            business: point.business, channel: point.channel, brand: point.brand, environment: point.environment),
            let program = catalog.currentProgram(flow: id)
        {
            if program.flow.variableSlot(named: "msisdn") != nil { variables["msisdn"] = .string(customer) }
            if point.channel == "sms" { opening = Self.openingText(of: program, using: &random) }
        }
        let request = StartRequest(
            business: point.business, channel: point.channel, brand: point.brand, environment: point.environment,
            customer: customer, agent: agent, variables: variables,
            session: String(format: "sim-%llu-%07d", plan.seed, index), input: opening)
        var response = try await engine.start(request, at: time)
        var result = ContactResult(channel: point.channel, records: response.lastSequence, events: 1, refused: 0)
        var behaviour = Behaviour(
            plan: plan, guided: point.guided, agent: agent, agents: agents, catalog: catalog, operations: operations)
        while response.ended == nil, result.events < 200 {
            guard let decision = try await behaviour.next(after: response, engine: engine, using: &random) else { break }
            time += decision.after
            let answer: EventResponse
            do {
                answer = try await engine.send(
                    decision.event, to: response.session, eventID: "e\(result.events)", actor: decision.actor, at: time)
            } catch EngineError.refused {
                // A choice the state cannot take (the customer pressed something odd): try another.
                result.refused += 1
                if result.refused > 20 { break }
                continue
            }
            result.events += 1
            if answer.lastSequence > 0 { result.records = answer.lastSequence }
            response = answer
        }
        result.outcome = response.ended
        return result
    }

    /// The SMS that opens a contact at the SMS hall: mostly one of the commands the flow's
    /// first decision waits for (`CXYE`, sometimes in lower case), now and then a text it
    /// does not know (which gets the help reply).
    static func openingText(of program: FlowProgram, using random: inout SeededRandom) -> String? {
        let start = program.states[Int(program.start)]
        let commands = start.transitions.flatMap { $0.guardExpression?.comparedStrings ?? [] }
        guard !commands.isEmpty else { return nil }
        let roll = Double.random(in: 0..<1, using: &random)
        if roll < 0.1 { return ["你好", "help", "?", "查话费"].randomElement(using: &random) }
        let command = commands.randomElement(using: &random)!
        return roll < 0.25 ? command.lowercased() : command
    }

    /// The performers of the first state of the flow serving a contact point.
    func startPerformers(_ point: PlannedContactPoint) -> [String] {
        guard
            case .flow(let id) = flowMap.resolve(
                business: point.business, channel: point.channel, brand: point.brand, environment: point.environment),
            let program = catalog.currentProgram(flow: id)
        else { return [] }
        return program.states[Int(program.start)].model.performer.map(\.name)
    }

    /// A start time within the plan's days, following the hotline's day.
    func startTime(using random: inout SeededRandom) -> Int64 {
        let day = Int64(Int.random(in: 0..<max(1, plan.days), using: &random))
        let hour = Int64(random.pick(SimulationPlan.intraday.enumerated().map { ($0.offset, $0.element) }))
        let second = Int64.random(in: 0..<3600, using: &random)
        return plan.start + ((day * 24 + hour) * 3600 + second) * 1000
    }
}
