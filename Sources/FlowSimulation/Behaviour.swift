import FlowExpression
import FlowModel
import FlowRuntime
import Foundation

/// How a simulated customer, agent and host answer what the flow asks: mostly as
/// designed, sometimes silent, wrong, impatient, or (agents) off the designed path.
struct Behaviour {
    let plan: SimulationPlan
    let guided: Bool
    let catalog: ProgramCatalog
    let operations: [String: FlowModel.Operation]
    let agents: AgentPool
    /// The agent who owns the contact now: the one who took it, or whoever a transfer
    /// handed it to (首问负责制).
    private(set) var owner: Actor?
    /// The unit a transfer just reached: the next person to act comes from it.
    private var handoverUnit: String?
    /// The transfer was picked up by the wrong unit, whose agent now does the steps.
    private var misrouted = false
    /// What the session last waited for, and in which state: after a step done outside the
    /// engine the state keeps waiting without asking again (no new action), and the
    /// customer, host or back office still answers it.
    private var lastWaiting: (state: String, action: RenderedAction)?

    init(
        plan: SimulationPlan, guided: Bool, agent: Actor?, agents: AgentPool, catalog: ProgramCatalog,
        operations: [String: FlowModel.Operation]
    ) {
        self.plan = plan
        self.guided = guided
        self.owner = agent
        self.agents = agents
        self.catalog = catalog
        self.operations = operations
    }

    struct Decision {
        var event: SessionEvent.Kind
        /// Milliseconds after the previous event.
        var after: Int64
        var actor: Actor?
    }

    /// The next event for a session that answered `response`; nil when it waits for nothing.
    mutating func next(after response: EventResponse, engine: Engine, using random: inout SeededRandom) async throws
        -> Decision?
    {
        let waiting: RenderedAction
        if let asked = response.actions.last(where: \.waits) {
            waiting = asked
            lastWaiting = (response.state, asked)
        } else if response.ended == nil, let last = lastWaiting, last.state == response.state {
            waiting = last.action
        } else {
            return nil
        }
        if random.chance(plan.abandonRate) { return Decision(event: .hangup, after: seconds(5...60, &random), actor: nil) }
        // Agents stray in guided flows: an override with a reason, or a step done outside the engine.
        if guided, owner != nil, random.chance(plan.deviationRate), let agent = person(for: response, using: &random) {
            let state = try await engine.session(response.session)
            let reasons = ["customer-in-hurry", "system-slow", "customer-request", "known-customer", "supervisor-advice"]
            if random.chance(0.6), let target = skipTarget(state: state, using: &random) {
                return Decision(
                    event: .override(to: target, reason: reasons[Int.random(in: 0..<reasons.count, using: &random)]),
                    after: seconds(10...60, &random), actor: agent)
            }
            return Decision(
                event: .recordStep(state: response.state, note: "done in the CRM"), after: seconds(20...90, &random),
                actor: agent)
        }
        switch waiting {
        case .collect(let request):
            if random.chance(plan.timeoutRate), request.timeout != nil, let timer = try await timer(.input, response, engine) {
                return Decision(event: .timer(.input, depth: timer.depth, visit: timer.visit), after: request.timeout ?? 5000, actor: nil)
            }
            let think = guided ? seconds(15...60, &random) : seconds(2...9, &random)
            let agent = person(for: response, using: &random)
            if random.chance(plan.noMatchRate) { return Decision(event: .input("#"), after: think, actor: agent) }
            return Decision(event: .input(input(for: request, &random)), after: think, actor: agent)
        case .runTask(_, let operation, _, let timeout):
            if random.chance(plan.timeoutRate), timeout != nil, let timer = try await timer(.operation, response, engine) {
                return Decision(event: .timer(.operation, depth: timer.depth, visit: timer.visit), after: timeout ?? 8000, actor: nil)
            }
            let agent = person(for: response, using: &random)
            let roll = Double.random(in: 0..<1, using: &random)
            let outcome = roll < 0.93 ? "ok" : (roll < 0.97 ? "failed" : otherOutcome(operation, &random))
            return Decision(
                event: .outcome(outcome, results: outcome == "ok" ? results(&random) : [:]), after: seconds(1...4, &random),
                actor: agent)
        case .transfer(let kind, let target, _):
            let outcome = random.pick([("connected", 0.86), ("busy", 0.07), ("no-answer", 0.04), ("failed", 0.03)])
            if outcome == "connected" { handoverUnit = agents.unit(reachedBy: kind, target) }
            return Decision(event: .outcome(outcome), after: seconds(10...120, &random), actor: nil)
        case .handoff:
            return Decision(event: .outcome(random.chance(0.96) ? "handed-off" : "failed"), after: seconds(2...6, &random), actor: nil)
        case .await(let events, let timeout):
            if random.chance(0.15), timeout != nil, let timer = try await timer(.operation, response, engine) {
                return Decision(event: .timer(.operation, depth: timer.depth, visit: timer.visit), after: timeout ?? 60_000, actor: nil)
            }
            let text = random.pick([("Y", 0.6), ("N", 0.25), ("1", 0.1), ("好的", 0.05)])
            return Decision(
                event: .external(events.first ?? "reply", text: text, data: ["text": .string(text), "result": .string(text)]),
                after: seconds(60...7200, &random), actor: nil)
        default:
            return nil
        }
    }

    /// Who acts at this step of a guided flow. Mostly the owner; the flow brings in someone
    /// else for a step it assigns to another role or unit (an escalation), and a transfer
    /// hands the contact to someone of the unit it reached. Now and then the wrong person
    /// acts: the owner does a step that is not theirs, the wrong unit picks up a transfer,
    /// or a colleague steps in without a transfer.
    private mutating func person(for response: EventResponse, using random: inout SeededRandom) -> Actor? {
        guard guided, var current = owner else { return nil }
        let performers = performers(of: response)
        if let unit = handoverUnit {
            handoverUnit = nil
            misrouted = unit != "front-line" && random.chance(plan.orgDeviationRate)
            let reached = misrouted ? "front-line" : unit
            let suited = agents.agents.filter { agents.matches($0, [reached]) && agents.matches($0, performers) }
            let fallback = agents.agents.filter { agents.matches($0, [reached]) }
            let pool = suited.isEmpty ? fallback : suited
            if !pool.isEmpty { current = pool[Int.random(in: 0..<pool.count, using: &random)] }
            owner = current
        }
        if misrouted { return current }
        if !agents.matches(current, performers) {
            if !random.chance(plan.orgDeviationRate), let assigned = agents.agent(matching: performers, using: &random) {
                return assigned
            }
            return current
        }
        if random.chance(plan.orgDeviationRate / 3), let colleague = agents.colleague(of: current, using: &random) {
            return colleague
        }
        return current
    }

    /// The performers the waiting state declares.
    private func performers(of response: EventResponse) -> [String] {
        guard let program = catalog.currentProgram(flow: response.flow), let index = program.stateIndex(named: response.state)
        else { return [] }
        return program.states[Int(index)].model.performer.map(\.name)
    }

    private func seconds(_ range: ClosedRange<Int64>, _ random: inout SeededRandom) -> Int64 {
        Int64.random(in: range, using: &random) * 1000
    }

    /// Input that fits the request most of the time: a menu key, digits of the right
    /// length, a mobile number, or a few words.
    private func input(for request: CollectRequest, _ random: inout SeededRandom) -> String {
        if !request.options.isEmpty {
            // Customers favour the first options of a menu.
            let weighted = request.options.enumerated().map { ($0.element.key, 1.0 / Double($0.offset + 1)) }
            return random.pick(weighted)
        }
        if let pattern = request.pattern, let regex = try? Regex(pattern) {
            // The first realistic input the pattern accepts: what a customer or agent would type.
            let candidates = [
                mobile(&random), digits(4, &random), digits(6, &random), digits(8, &random),
                "3701" + digits(13, &random) + "X", digits(18, &random), digits(19, &random),
                "Y", "上个月的话费多扣了二十元，请帮我核实一下", "家里信号不好", "张三",
            ]
            if let fit = candidates.first(where: { $0.contains(regex) }) { return fit }
        }
        let length = request.length ?? request.maxLength ?? 8
        switch request.mode {
        case .dtmf:
            if length == 11 { return mobile(&random) }
            return digits(length, &random)
        case .form:
            return ""
        default:
            if length == 11 || request.minLength == 11 { return mobile(&random) }
            let phrases = ["信号一直不好", "上个月多扣了二十元", "想换一个便宜点的套餐", "家里上网很慢", "好的，谢谢", "我要办理", "不需要了"]
            return phrases[Int.random(in: 0..<phrases.count, using: &random)]
        }
    }

    private func digits(_ count: Int, _ random: inout SeededRandom) -> String {
        String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
    }

    private func mobile(_ random: inout SeededRandom) -> String {
        "13" + String(Int.random(in: 100_000_000...999_999_999, using: &random))
    }

    private func results(_ random: inout SeededRandom) -> [String: Value] {
        let amount = Decimal(Int.random(in: 500...40_000, using: &random)) / 100
        return [
            "total": .decimal(amount), "balance": .decimal(amount / 3), "amount": .decimal(amount), "fee": .decimal(10),
            "credit": .decimal(100), "package-fee": .decimal(58), "extra-fee": .decimal(amount / 4),
            "due-date": .string("12月20日"), "ticket-id": .string("T\(Int.random(in: 100_000...999_999, using: &random))"),
            "known-fault": .bool(random.chance(0.3)), "repair-eta": .string("24小时内"), "brand": .string("gotone"),
            "star-level": .int(Int64(Int.random(in: 1...5, using: &random))), "name": .string("张先生"),
            "count": .int(3), "recommended": .string("畅享套餐"), "effective": .string("次月1日"),
            "disputable": .bool(random.chance(0.5)), "detail": .string("流量费"), "plan": .string("畅享58元套餐"),
            "monthly-fee": .decimal(58), "contract-end": .string("2027-06-30"), "answer": .string("详见网厅资费专区"),
            "link": .string("https://10086.cn/t"),
        ]
    }

    /// One of the operation's own outcomes (`not-found`, `declined`...), else `failed`.
    private func otherOutcome(_ operation: String, _ random: inout SeededRandom) -> String {
        let own = operations[operation]?.outcomes.map(\.rawValue) ?? []
        return own.isEmpty ? "failed" : own[Int.random(in: 0..<own.count, using: &random)]
    }

    /// A state two designed steps ahead: the agent skips the step it stands in.
    private func skipTarget(state: SessionState, using random: inout SeededRandom) -> String? {
        guard let program = catalog.program(flow: state.current.flowID, version: state.current.version) else { return nil }
        let here = program.states[Int(state.current.state)]
        // In the order the design lists them (a Set's order would change the traffic from run to run).
        var ahead: [Int32] = []
        for next in here.transitions.map(\.target) where next != state.current.state {
            for further in program.states[Int(next)].transitions.map(\.target)
            where further != state.current.state && !ahead.contains(further) {
                // Agents skip ahead to work, or straight to a resolved close; not to a hang-up.
                let outcome = program.states[Int(further)].endOutcome
                if outcome == nil || outcome == .resolved { ahead.append(further) }
            }
        }
        guard !ahead.isEmpty else { return nil }
        return program.states[Int(ahead[Int.random(in: 0..<ahead.count, using: &random)])].id
    }

    private func timer(_ kind: TimerKind, _ response: EventResponse, _ engine: Engine) async throws -> ArmedTimer? {
        try await engine.session(response.session).timers.last { $0.kind == kind }
    }
}

extension RenderedAction {
    /// Whether the session waits for something after this action.
    var waits: Bool {
        switch self {
        case .collect, .runTask, .transfer, .handoff, .await: true
        default: false
        }
    }
}
