import FlowModel
import FlowRuntime

/// Checks a scenario's outcome against what the running state can report, before the
/// runtime sees it: the runtime sends any outcome it does not know to `failed`, so a
/// misspelt outcome or result would pass silently down the failure path.
enum EventCheck {
    static func problem(_ event: StepEvent, driver: ContactDriver, map: FlowMap?) -> (expected: String, happened: String)? {
        guard case .outcome(let name, let results) = event, driver.isActive else { return nil }
        let state = driver.state
        let outcomes: [String]
        let fields: [String]
        let what: String
        switch state.model.kind {
        case .task(let task):
            guard let operation = map?.operation(task.operation) else { return nil }
            outcomes = operation.allOutcomes.map(\.rawValue)
            fields = operation.results.map(\.name)
            what = task.operation
        case .transfer(let transfer):
            outcomes = (transfer.handoff == nil ? FlowEvent.transferOutcomes : FlowEvent.handoffOutcomes).map(\.rawValue)
            fields = []
            what = transfer.handoff == nil ? "a transfer" : "a handoff"
        default:
            return nil
        }
        guard outcomes.contains(name) else {
            return (
                "an outcome \(what) can end with (\(outcomes.joined(separator: ", ")))",
                "outcome '\(name)' in state \(driver.stateName)\(Suggestion.clause(for: name, among: outcomes))"
            )
        }
        for key in results.keys.sorted() where !fields.contains(key) {
            let known = fields.isEmpty ? "\(what) returns no results" : "results of \(what): \(fields.joined(separator: ", "))"
            return (known, "result '\(key)'\(Suggestion.clause(for: key, among: fields))")
        }
        return nil
    }
}
