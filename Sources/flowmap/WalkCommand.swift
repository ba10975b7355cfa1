import ArgumentParser
import FlowExpression
import FlowLoading
import FlowModel
import FlowRuntime
import Foundation

/// `flowmap walk FLOW` or `flowmap walk --contact-point VG101`: play a contact by hand in
/// the terminal, through the real runtime, seeing what the customer hears or reads.
struct WalkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walk",
        abstract: "Walk through a flow as a contact would: type the customer's input, see what the flow does.",
        discussion: """
            Shows what the customer hears or reads, the current state, its options and the path so \
            far. Type digits or text as input; at a task or transfer, the outcome (ok total=128.5); \
            at a wait, the event's text. Commands start with a colon: :timeout, :no-input, \
            :outcome ok total=128.5, :event sms-reply Y, :hangup, :override STATE REASON, :back, \
            :vars, :help, :quit. Reads lines from standard input, so a script can be piped in.
            """
    )

    @Argument(help: "The flow to walk (or give --contact-point, or --business and --channel).")
    var flow: String?

    @Option(name: .long, help: ArgumentHelp("A contact-point code, e.g. VG101.", valueName: "code"))
    var contactPoint: String?

    @Option(name: .long, help: "The business, with --channel, instead of a code.")
    var business: String?

    @Option(name: .long, help: "The channel, with --business.")
    var channel: String?

    @Option(name: .long, help: "The brand (default: the flow map's first).")
    var brand: String?

    @Option(name: .long, help: "The customer environment (default: the flow map's first).")
    var environment: String?

    @Option(name: .long, help: "The customer's number.")
    var customer = ScenarioDecoder.defaultCustomer

    @Option(name: .customLong("var"), help: ArgumentHelp("An initial variable, e.g. --var msisdn=13800138000 (repeatable).", valueName: "name=value"))
    var variables: [String] = []

    @Option(name: .long, help: ArgumentHelp("The agent serving a guided flow.", valueName: "id"))
    var agent: String?

    @Option(name: .long, help: ArgumentHelp("The message that opens the contact (an SMS hall command).", valueName: "text"))
    var firstInput: String?

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        let ways = [flow != nil, contactPoint != nil, business != nil || channel != nil].count { $0 }
        guard ways == 1 else {
            throw ValidationError("give a flow, or --contact-point, or --business and --channel")
        }
        if business != nil || channel != nil, business == nil || channel == nil {
            throw ValidationError("--business and --channel go together")
        }
        for variable in variables where !variable.contains("=") {
            throw ValidationError("--var takes name=value, not '\(variable)'")
        }
    }

    func run() throws {
        try Standard.failing {
            let scenarios = ScenarioLibrary.load(root: library.library)
            let (program, point) = try resolve(scenarios)
            let driver: ContactDriver
            let first: ContactDriver.Step
            do {
                (driver, first) = try ContactDriver.start(
                    program: program, catalog: scenarios.programs, contactPoint: point, customer: customer,
                    agent: agent.map { Actor(id: $0, role: "agent") }, variables: try initialVariables(program.flow),
                    hour: 12, firstInput: firstInput, operations: scenarios.map?.operations ?? [], id: "walk")
            } catch let error as StepError {
                throw CommandFailure("the runtime refused to start the contact: \(error)")
            }
            let terminal = isatty(STDIN_FILENO) != 0
            var session = WalkSession(library: scenarios, start: driver, style: TextStyle(colour: isatty(STDOUT_FILENO) != 0))
            Standard.output(session.header(customer: customer) + session.actions(first) + session.position() + "> ")
            while let line = readLine() {
                if !terminal { Standard.output(line + "\n") }
                let (output, quit) = session.handle(line)
                if quit { break }
                Standard.output(output + "> ")
            }
            Standard.output("\n")
        }
    }

    private func resolve(_ scenarios: ScenarioLibrary) throws -> (FlowProgram, ContactPointInfo) {
        guard let map = scenarios.map else { throw CommandFailure("no flow map in '\(library.library)'") }
        let environment = try name(self.environment, "environment", map.environments.map(\.id)) ?? map.environments.first?.id ?? ""
        var names: (business: String, channel: String, brand: String)
        let flowID: String
        if let flow {
            guard let found = scenarios.flow(flow) else {
                throw CommandFailure("no flow '\(flow)' in \(library.library)\(Suggestion.clause(for: flow, among: scenarios.loaded.flows.map(\.id)))")
            }
            let brand = try name(self.brand, "brand", map.brands.map(\.id)) ?? map.brands.first?.id ?? ""
            names = (found.business.name, found.channel.name, brand)
            flowID = flow
        } else {
            if let code = contactPoint {
                let points = map.contactPoints(forCode: code)
                guard let point = points.first, points.count == 1 else {
                    throw CommandFailure(points.isEmpty
                        ? "no contact point has the code '\(code)'\(Suggestion.clause(for: code, among: map.contactPoints.map(\.code)))"
                        : "the code '\(code)' is ambiguous; give --business, --channel and --brand")
                }
                names = (point.business, point.channel, point.brand)
            } else {
                names = (
                    try name(business, "business", map.businesses.map(\.id))!, try name(channel, "channel", map.channels.map(\.id))!,
                    try name(brand, "brand", map.brands.map(\.id)) ?? map.brands.first?.id ?? ""
                )
            }
            let resolution = map.resolve(business: names.business, channel: names.channel, brand: names.brand, environment: environment)
            guard case .flow(let id) = resolution else {
                throw CommandFailure("\(names.business) by \(names.channel) for \(names.brand), \(environment), \(ScenarioDecoder.describe(resolution))")
            }
            flowID = id
        }
        guard let program = scenarios.programs.currentProgram(flow: flowID) else {
            throw CommandFailure("flow '\(flowID)' cannot run: \(scenarios.broken[flowID] ?? "it did not compile"); run flowmap lint")
        }
        let code = map.code(business: names.business, channel: names.channel, brand: names.brand) ?? ""
        return (program, ContactPointInfo(code: code, business: names.business, channel: names.channel, brand: names.brand, environment: environment))
    }

    private func name(_ value: String?, _ kind: String, _ known: [String]) throws -> String? {
        guard let value else { return nil }
        guard known.contains(value) else {
            throw CommandFailure("the flow map has no \(kind) '\(value)'\(Suggestion.clause(for: value, among: known))")
        }
        return value
    }

    private func initialVariables(_ flow: Flow) throws -> [String: Value] {
        var values: [String: Value] = [:]
        for assignment in variables {
            let equals = assignment.firstIndex(of: "=")!
            let name = String(assignment[..<equals])
            let text = String(assignment[assignment.index(after: equals)...])
            guard let declaration = flow.variables.first(where: { $0.name == name }) else {
                throw CommandFailure("flow '\(flow.id)' declares no variable '\(name)'\(Suggestion.clause(for: name, among: flow.variables.map(\.name)))")
            }
            guard case .success(let node) = YAMLTree.parse(text: text, path: "--var"),
                case .success(let value) = ValueReading.value(node, as: declaration.type)
            else { throw CommandFailure("--var \(name): '\(text)' is not a \(declaration.type)") }
            values[name] = value
        }
        return values
    }
}
