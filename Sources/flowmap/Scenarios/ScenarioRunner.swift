import FlowExpression
import FlowModel
import FlowRuntime

/// What running one scenario gave: passed, or where and how it failed, and the records
/// (for the coverage report).
struct ScenarioResult: Sendable {
    var name: String
    var location: SourceLocation
    var flow: String
    var failure: ScenarioFailure?
    var records: [TraversalRecord]

    var passed: Bool { failure == nil }
}

/// Where a scenario stopped matching the flow, and what the contact had done by then.
struct ScenarioFailure: Sendable {
    var location: SourceLocation
    /// `step 3 (input: 1)`, `the start` or `the end`.
    var step: String
    var expected: String
    var happened: String
    var path: [StateName]
    /// The actions of the failing step, one line each.
    var actions: [String]
}

/// Plays scenarios through the real `Stepper`, in memory, on a clock set by hand.
struct ScenarioRunner: Sendable {
    let library: ScenarioLibrary
    /// Time between steps that say nothing of it.
    static let stepInterval: Int64 = 1000

    func run(_ scenario: Scenario) -> ScenarioResult {
        var result = ScenarioResult(
            name: scenario.name, location: scenario.location, flow: scenario.program.id, failure: nil, records: [])
        var driver: ContactDriver
        var last: ContactDriver.Step
        do {
            (driver, last) = try ContactDriver.start(
                program: scenario.program, catalog: library.programs, contactPoint: scenario.contactPoint,
                customer: scenario.customer, agent: scenario.agent, variables: scenario.variables, hour: scenario.hour,
                firstInput: scenario.firstInput, operations: library.map?.operations ?? [])
        } catch {
            result.failure = ScenarioFailure(
                location: scenario.location, step: "the start", expected: "the contact starts",
                happened: "the runtime refused to start it: \(error)", path: [], actions: [])
            return result
        }
        for step in scenario.steps {
            var done = ContactDriver.Step()
            let failure = perform(step, driver: &driver, done: &done, previous: last)
            result.records = driver.records
            if let failure {
                result.failure = failure
                return result
            }
            last = step.event == nil && step.after == nil ? last : done
        }
        for expectation in scenario.final {
            if let mismatch = ExpectationCheck.check(expectation, step: last, driver: driver) {
                result.failure = ScenarioFailure(
                    location: expectation.location, step: "the end", expected: mismatch.expected,
                    happened: mismatch.happened, path: driver.path, actions: [])
                break
            }
        }
        result.records = driver.records
        return result
    }

    /// Does a step and checks it; the failure, if it did not go as expected.
    private func perform(
        _ step: ScenarioStep, driver: inout ContactDriver, done: inout ContactDriver.Step, previous: ContactDriver.Step
    ) -> ScenarioFailure? {
        func failure(_ location: SourceLocation, expected: String, happened: String) -> ScenarioFailure {
            ScenarioFailure(
                location: location, step: step.title, expected: expected, happened: happened, path: driver.path,
                actions: done.raw.map(ActionText.line))
        }
        let refusal = step.expectations.first { if case .refused = $0.kind { true } else { false } }
        do {
            if let after = step.after ?? (step.event == nil ? nil : Self.stepInterval) {
                try driver.advance(to: driver.now + after, into: &done)
            }
            switch step.event {
            case nil:
                if step.after == nil { done = previous }
            case .timeout(let kind):
                guard try driver.fire(kind, into: &done) else {
                    return failure(
                        step.location, expected: "a \(kind.rawValue) timer armed",
                        happened: "none is armed in state \(driver.stateName)\(driver.isActive ? "" : " (the contact has ended)")")
                }
            case .some(let event):
                if let problem = EventCheck.problem(event, driver: driver, map: library.map) {
                    return failure(step.location, expected: problem.expected, happened: problem.happened)
                }
                try driver.apply(event.sessionEvent, into: &done)
            }
            if let refusal {
                return failure(refusal.location, expected: "the runtime refuses the event", happened: "it took it")
            }
        } catch {
            guard let refusal else {
                return failure(step.location, expected: "the runtime takes the event", happened: "it refused: \(error)")
            }
            if case .refused(let text?) = refusal.kind, !text.matches("\(error)") {
                return failure(refusal.location, expected: "refused with \(text)", happened: "refused: \(error)")
            }
        }
        for expectation in step.expectations {
            if case .refused = expectation.kind { continue }
            if let mismatch = ExpectationCheck.check(expectation, step: done, driver: driver) {
                return failure(expectation.location, expected: mismatch.expected, happened: mismatch.happened)
            }
        }
        return nil
    }
}

extension StepEvent {
    var sessionEvent: SessionEvent.Kind {
        switch self {
        case .input(let text): .input(text)
        case .form(let fields): .form(fields)
        case .noInput: .noInput
        case .noMatch: .noMatch
        case .outcome(let name, let results): .outcome(name, results: results)
        case .external(let name, let text, let data): .external(name, text: text, data: data)
        case .timeout(let kind): .timer(kind, depth: 0, visit: 0)
        case .hangup: .hangup
        case .agentRequest: .agentRequest
        case .override(let state, let reason): .override(to: state, reason: reason)
        case .record(let state, let note): .recordStep(state: state, note: note)
        }
    }
}
