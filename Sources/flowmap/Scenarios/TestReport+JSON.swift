import Foundation

/// The report for CI (`--format json`): scenarios, problems, coverage and a summary.
extension TestReport {
    struct JSONReport: Encodable {
        var summary: Summary
        var problems: [Problem]
        var scenarios: [Scenario]
        var coverage: [Flow]
    }

    struct Summary: Encodable {
        var scenarios: Int
        var passed: Int
        var failed: Int
        var problems: Int
        var states: Figure
        var transitions: Figure
        var flowsWithStatesMissed: [String]
    }

    struct Problem: Encodable {
        var file: String
        var line: Int
        var column: Int
        var message: String
    }

    struct Scenario: Encodable {
        var file: String
        var line: Int
        var column: Int
        var name: String
        var flow: String
        var status: String
        var failure: Failure?
    }

    struct Failure: Encodable {
        var file: String
        var line: Int
        var column: Int
        var step: String
        var expected: String
        var happened: String
        var path: [String]
        var actions: [String]
    }

    struct Flow: Encodable {
        var flow: String
        var file: String
        var states: Figure
        var transitions: Figure
    }

    struct Figure: Encodable {
        var covered: Int
        var total: Int
        var percent: Int
        var missed: [String]?
    }

    func json() throws -> String {
        let report = JSONReport(
            summary: Summary(
                scenarios: results.count, passed: passedCount, failed: failedCount, problems: problems.count,
                states: Figure(covered: coveredStates, total: totalStates, percent: FlowCoverage.percent(coveredStates, of: totalStates)),
                transitions: Figure(
                    covered: coveredTransitions, total: totalTransitions,
                    percent: FlowCoverage.percent(coveredTransitions, of: totalTransitions)),
                flowsWithStatesMissed: incompleteFlows.map(\.flow)),
            problems: problems.map {
                Problem(file: $0.location.file, line: $0.location.line, column: $0.location.column, message: $0.message)
            },
            scenarios: files.flatMap { file in
                file.results.map { result in
                    Scenario(
                        file: result.location.file, line: result.location.line, column: result.location.column,
                        name: result.name, flow: result.flow, status: result.passed ? "passed" : "failed",
                        failure: result.failure.map { failure in
                            Failure(
                                file: failure.location.file, line: failure.location.line, column: failure.location.column,
                                step: failure.step, expected: failure.expected, happened: failure.happened,
                                path: failure.path.map(\.description), actions: failure.actions)
                        })
                }
            },
            coverage: coverage.map { flow in
                Flow(
                    flow: flow.flow, file: flow.file,
                    states: Figure(
                        covered: flow.coveredStates, total: flow.states.count,
                        percent: FlowCoverage.percent(flow.coveredStates, of: flow.states.count), missed: flow.missedStates),
                    transitions: Figure(
                        covered: flow.coveredTransitions, total: flow.transitions.count,
                        percent: FlowCoverage.percent(flow.coveredTransitions, of: flow.transitions.count),
                        missed: flow.missedTransitions))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
