import FlowExpression
import FlowLoading
import FlowModel
import FlowRuntime

/// Reads a scenario file against its library: shapes and names are checked as it reads,
/// every problem noted with its place; scenarios with problems are left out.
///
/// ```yaml
/// contact-point: VG101
/// vars: { msisdn: "13800138000" }
/// scenarios:
///   - name: 查询本月话费
///     steps:
///       - input: "123456"
///       - outcome: ok
///         expect: { state: choose-month }
/// ```
struct ScenarioDecoder {
    let library: ScenarioLibrary
    var problems: [ScenarioProblem] = []

    /// Keys that may be set for the whole file and overridden by a scenario.
    static let sharedKeys = ["flow", "contact-point", "customer", "agent", "vars", "hour", "first-input"]
    static let fileKeys = ["description", "scenarios"] + sharedKeys
    static let scenarioKeys = ["name", "description", "steps", "expect"] + sharedKeys
    static let defaultCustomer = "13800138000"

    init(library: ScenarioLibrary) {
        self.library = library
    }

    /// The scenarios of a file, with the problems found.
    static func read(path: String, library: ScenarioLibrary) -> (scenarios: [Scenario], problems: [ScenarioProblem]) {
        switch YAMLTree.read(path: path) {
        case .failure(let error):
            var problem = ScenarioProblem(error)
            if error.message.hasPrefix("mapping values are not allowed") {
                problem.message += "; a step written alone ('- hangup') takes no keys: write '- hangup:' to give it an 'expect:'"
            }
            return ([], [problem])
        case .success(let root):
            var decoder = ScenarioDecoder(library: library)
            let scenarios = decoder.decodeFile(root)
            // Problems in the defaults at the top would be found once per scenario: report each once.
            return (scenarios, Array(Set(decoder.problems)).sorted())
        }
    }

    mutating func decodeFile(_ root: YAMLTree) -> [Scenario] {
        guard let fields = mapping(root, "a scenario file", keys: Self.fileKeys) else { return [] }
        guard let list = fields["scenarios"] else {
            problem("a scenario file needs 'scenarios:', the list of its scenarios", at: root)
            return []
        }
        guard let items = self.list(list, "'scenarios'") else { return [] }
        if items.isEmpty { problem("'scenarios' is empty; write at least one scenario", at: list) }
        var scenarios: [Scenario] = []
        var names: [String: SourceLocation] = [:]
        for item in items {
            let before = problems.count
            guard let scenario = decodeScenario(item, defaults: fields) else { continue }
            if let first = names[scenario.name] {
                problems.append(ScenarioProblem(
                    "two scenarios are named '\(scenario.name)'; give each its own name", at: scenario.location,
                    note: .init(message: "the first is here", location: first)))
                continue
            }
            names[scenario.name] = scenario.location
            if problems.count == before { scenarios.append(scenario) }
        }
        return scenarios
    }

    mutating func decodeScenario(_ node: YAMLTree, defaults: [String: YAMLTree]) -> Scenario? {
        guard var fields = mapping(node, "a scenario", keys: Self.scenarioKeys) else { return nil }
        guard let nameNode = fields["name"], let name = self.name(nameNode, "a scenario's name") else {
            if fields["name"] == nil { problem("a scenario needs a 'name:' that says what it shows", at: node) }
            return nil
        }
        // A scenario naming its flow or contact point replaces both defaults.
        let ownSubject = fields["flow"] != nil || fields["contact-point"] != nil
        for key in Self.sharedKeys where fields[key] == nil && key != "vars" {
            if ownSubject, key == "flow" || key == "contact-point" { continue }
            fields[key] = defaults[key]
        }
        guard let (program, point) = subject(fields, at: nameNode) else { return nil }
        var scenario = Scenario(
            name: name, location: nameNode.location, program: program, contactPoint: point,
            customer: Self.defaultCustomer, agent: nil, hour: 12, variables: [:], firstInput: nil, steps: [], final: [])
        if let node = fields["customer"], let customer = self.name(node, "'customer'") { scenario.customer = customer }
        if let node = fields["hour"], let hour = integer(node, "'hour'", in: 0...23) { scenario.hour = hour }
        if let node = fields["agent"] { scenario.agent = agent(node) }
        if let node = fields["first-input"], let text = text(node, "'first-input'") { scenario.firstInput = text }
        for node in [defaults["vars"], fields["vars"]].compactMap({ $0 }) {
            for (name, value) in variables(node, flow: program.flow) { scenario.variables[name] = value }
        }
        let context = StepContext(program: program, library: library)
        guard let stepsNode = fields["steps"] else {
            problem("scenario '\(name)' needs 'steps:', what happens in order", at: nameNode)
            return nil
        }
        if let items = list(stepsNode, "'steps'") {
            for (index, item) in items.enumerated() {
                if let step = decodeStep(item, number: index + 1, context: context) { scenario.steps.append(step) }
            }
        }
        if let expect = fields["expect"] {
            scenario.final = expectations(expect, context: context, final: true)
        }
        return scenario
    }

    /// The flow and contact point a scenario starts at.
    mutating func subject(_ fields: [String: YAMLTree], at anchor: YAMLTree) -> (FlowProgram, ContactPointInfo)? {
        guard let map = library.map else {
            problem("the library at \(library.root) has no flowmap.yaml; scenarios need the flow map", at: anchor)
            return nil
        }
        var flowID: String?
        var flowNode: YAMLTree?
        if let node = fields["flow"] {
            guard let id = name(node, "'flow'") else { return nil }
            guard library.flow(id) != nil else {
                problem("no flow '\(id)' in the library\(Suggestion.clause(for: id, among: library.loaded.flows.map(\.id)))", at: node)
                return nil
            }
            flowID = id
            flowNode = node
        }
        var point: ContactPointInfo?
        if let node = fields["contact-point"] {
            guard let resolved = contactPoint(node, map: map) else { return nil }
            guard case .flow(let id) = resolved.resolution else {
                problem("contact point \(resolved.info.code), environment \(resolved.info.environment), \(Self.describe(resolved.resolution))", at: node)
                return nil
            }
            if let flowID, flowID != id {
                problem("contact point \(resolved.info.code), environment \(resolved.info.environment), is served by '\(id)', not '\(flowID)'", at: flowNode ?? node)
                return nil
            }
            flowID = id
            point = resolved.info
        }
        guard let flowID else {
            problem("a scenario needs 'flow:' or 'contact-point:' (here or at the top of the file)", at: anchor)
            return nil
        }
        guard let flow = library.flow(flowID) else {
            problem("contact point \(point?.code ?? "") is served by '\(flowID)', which no file of the library declares; run flowmap lint", at: fields["contact-point"] ?? anchor)
            return nil
        }
        guard let program = library.programs.currentProgram(flow: flowID) else {
            problem("flow '\(flowID)' cannot run: \(library.broken[flowID] ?? "it did not compile"); run flowmap lint", at: flowNode ?? anchor)
            return nil
        }
        if let point { return (program, point) }
        // A flow alone: its business and channel, for the map's first brand and environment.
        let brand = map.brands.first?.id ?? ""
        return (program, ContactPointInfo(
            code: map.code(business: flow.business.name, channel: flow.channel.name, brand: brand) ?? "",
            business: flow.business.name, channel: flow.channel.name, brand: brand,
            environment: map.environments.first?.id ?? ""))
    }

    /// `VG101`, or `{ code: VG101, environment: other-network }`, or
    /// `{ business: bill-inquiry, channel: ivr, brand: gotone, environment: own-network }`.
    mutating func contactPoint(_ node: YAMLTree, map: FlowMap) -> (info: ContactPointInfo, resolution: ContactPointResolution)? {
        var code: String?
        var codeNode = node
        var names: (business: String, channel: String, brand: String)?
        var environment = map.environments.first?.id ?? ""
        if node.isScalar {
            code = text(node, "'contact-point'")
        } else {
            guard let fields = mapping(node, "'contact-point'", keys: ["code", "business", "channel", "brand", "environment"])
            else { return nil }
            if let value = fields["environment"] {
                guard let name = self.name(value, "'environment'") else { return nil }
                guard map.environment(name) != nil else {
                    problem("the flow map has no customer environment '\(name)'\(Suggestion.clause(for: name, among: map.environments.map(\.id)))", at: value)
                    return nil
                }
                environment = name
            }
            if let value = fields["code"] {
                if fields["business"] != nil || fields["channel"] != nil || fields["brand"] != nil {
                    problem("give the contact point's 'code', or its 'business' and 'channel' (and 'brand'), not both", at: value)
                    return nil
                }
                code = text(value, "'code'")
                codeNode = value
            } else {
                guard let businessNode = fields["business"], let channelNode = fields["channel"] else {
                    problem("'contact-point' needs a 'code', or a 'business' and a 'channel'", at: node)
                    return nil
                }
                guard let business = known(businessNode, "business", map.businesses.map(\.id)),
                    let channel = known(channelNode, "channel", map.channels.map(\.id))
                else { return nil }
                var brand = map.brands.first?.id ?? ""
                if let brandNode = fields["brand"] {
                    guard let name = known(brandNode, "brand", map.brands.map(\.id)) else { return nil }
                    brand = name
                }
                names = (business, channel, brand)
            }
        }
        if let code {
            let points = map.contactPoints(forCode: code)
            guard let point = points.first else {
                problem("no contact point has the code '\(code)'\(Suggestion.clause(for: code, among: map.contactPoints.map(\.code)))", at: codeNode)
                return nil
            }
            guard points.count == 1 else {
                problem("the code '\(code)' reads as \(points.map { "\($0.business)/\($0.channel)/\($0.brand)" }.joined(separator: " or ")); name the business, channel and brand", at: codeNode)
                return nil
            }
            names = (point.business, point.channel, point.brand)
        }
        guard let names else { return nil }
        let info = ContactPointInfo(
            code: map.code(business: names.business, channel: names.channel, brand: names.brand) ?? code ?? "",
            business: names.business, channel: names.channel, brand: names.brand, environment: environment)
        return (info, map.resolve(business: names.business, channel: names.channel, brand: names.brand, environment: environment))
    }

    private mutating func known(_ node: YAMLTree, _ kind: String, _ names: [String]) -> String? {
        guard let name = self.name(node, "'\(kind)'") else { return nil }
        guard names.contains(name) else {
            problem("the flow map has no \(kind) '\(name)'\(Suggestion.clause(for: name, among: names))", at: node)
            return nil
        }
        return name
    }

    static func describe(_ resolution: ContactPointResolution) -> String {
        switch resolution {
        case .flow(let id): "is served by \(id)"
        case .notOffered(let reason): "is not offered: \(reason)"
        case .unassigned, .noCell: "has no flow in the flow map (a blind spot)"
        case .ambiguous(let flows): "resolves to two flows: \(flows.joined(separator: " and "))"
        }
    }

    /// `agent: a-007`, or `agent: { id: a-007, role: agent, org-unit: front-line }`.
    mutating func agent(_ node: YAMLTree) -> Actor? {
        if node.isScalar { return name(node, "'agent'").map { Actor(id: $0) } }
        guard let fields = mapping(node, "'agent'", keys: ["id", "role", "org-unit"]) else { return nil }
        guard let idNode = fields["id"], let id = name(idNode, "the agent's 'id'") else {
            if fields["id"] == nil { problem("'agent' needs an 'id'", at: node) }
            return nil
        }
        let role = fields["role"].flatMap { name($0, "the agent's 'role'") }
        let unit = fields["org-unit"].flatMap { name($0, "the agent's 'org-unit'") }
        let roles = library.map?.organisation.roles.map(\.id) ?? []
        if let role, let node = fields["role"], !roles.isEmpty, !roles.contains(role) {
            problem("the flow map declares no role '\(role)'\(Suggestion.clause(for: role, among: roles))", at: node)
        }
        let units = library.map?.organisation.units.map(\.id) ?? []
        if let unit, let node = fields["org-unit"], !units.isEmpty, !units.contains(unit) {
            problem("the flow map declares no org unit '\(unit)'\(Suggestion.clause(for: unit, among: units))", at: node)
        }
        return Actor(id: id, role: role, orgUnit: unit)
    }

    /// `vars: { msisdn: "13800138000", total: 128.5 }`, typed by the flow's declarations;
    /// `msisdn: ~` leaves a variable unset (taking back a default of the file).
    mutating func variables(_ node: YAMLTree, flow: Flow) -> [(String, Value?)] {
        guard let pairs = pairs(node, "'vars'") else { return [] }
        var result: [(String, Value?)] = []
        for pair in pairs {
            guard let declaration = flow.variables.first(where: { $0.name == pair.key }) else {
                problem("flow '\(flow.id)' declares no variable '\(pair.key)'\(Suggestion.clause(for: pair.key, among: flow.variables.map(\.name)))", at: pair.location)
                continue
            }
            if pair.value.isNull {
                result.append((pair.key, nil))
                continue
            }
            switch ValueReading.value(pair.value, as: declaration.type) {
            case .success(let value): result.append((pair.key, value))
            case .failure(let reason): problem("'\(pair.key)' is \(declaration.type): \(reason)", at: pair.value)
            }
        }
        return result
    }
}
