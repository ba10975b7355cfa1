import FlowModel
import Foundation

/// Everything `flowmap test` found: problems in scenario files, each scenario's result
/// and the coverage of each flow.
struct TestReport: Sendable {
    var problems: [ScenarioProblem] = []
    /// Results by scenario file, in file order.
    var files: [(path: String, results: [ScenarioResult])] = []
    var coverage: [FlowCoverage] = []

    var results: [ScenarioResult] { files.flatMap(\.results) }
    var failedCount: Int { results.count { !$0.passed } }
    var passedCount: Int { results.count { $0.passed } }
    var incompleteFlows: [FlowCoverage] { coverage.filter { !$0.allStatesCovered } }

    /// Exit status: 1 on a failed scenario, a bad file, no scenario at all, or (with
    /// `requireStates`) a flow whose states are not all entered.
    func failed(requireStates: Bool) -> Bool {
        failedCount > 0 || !problems.isEmpty || results.isEmpty || (requireStates && !incompleteFlows.isEmpty)
    }

    var coveredStates: Int { coverage.reduce(0) { $0 + $1.coveredStates } }
    var totalStates: Int { coverage.reduce(0) { $0 + $1.states.count } }
    var coveredTransitions: Int { coverage.reduce(0) { $0 + $1.coveredTransitions } }
    var totalTransitions: Int { coverage.reduce(0) { $0 + $1.transitions.count } }
}
