import FlowModel
import FlowRuntime

/// How much of each flow the scenarios exercised: states entered and designed
/// transitions taken (options, outcomes, branches, otherwise, next, transitions,
/// retry and visit limits, each handler once).
struct FlowCoverage: Sendable {
    var flow: String
    var file: String
    /// State ids in declaration order, with whether a scenario entered each.
    var states: [(id: String, covered: Bool)]
    var transitions: [(key: TransitionKey, text: String, covered: Bool)]

    var coveredStates: Int { states.count { $0.covered } }
    var coveredTransitions: Int { transitions.count { $0.covered } }
    var missedStates: [String] { states.filter { !$0.covered }.map(\.id) }
    var missedTransitions: [String] { transitions.filter { !$0.covered }.map(\.text) }
    var allStatesCovered: Bool { coveredStates == states.count }

    static func percent(_ part: Int, of whole: Int) -> Int {
        whole == 0 ? 100 : part * 100 / whole
    }
}

/// A designed transition: a state's, by where it is written, or a handler.
struct TransitionKey: Sendable, Hashable {
    /// Nil for a handler.
    var state: String?
    var origin: TransitionOrigin
}

/// Folds traversal records into coverage.
struct CoverageCounter: Sendable {
    private var entered: [String: Set<String>] = [:]
    private var taken: [String: Set<TransitionKey>] = [:]

    mutating func add(_ records: [TraversalRecord]) {
        for record in records {
            if let to = record.to, !ContactDriver.isStay(record) {
                entered[record.flow, default: []].insert(to)
            }
            guard let origin = record.trigger.origin else { continue }
            if case .handler = origin {
                taken[record.flow, default: []].insert(TransitionKey(state: nil, origin: origin))
            } else if let from = record.from {
                taken[record.flow, default: []].insert(TransitionKey(state: from, origin: origin))
            }
        }
    }

    /// Whether any record touched `flow`.
    func ran(_ flow: String) -> Bool { entered[flow] != nil }

    func coverage(of flow: Flow) -> FlowCoverage {
        let states = entered[flow.id] ?? []
        let transitionsTaken = taken[flow.id] ?? []
        var transitions: [(key: TransitionKey, text: String, covered: Bool)] = []
        for state in flow.states {
            for transition in state.transitions {
                let key = TransitionKey(state: state.id, origin: transition.origin)
                transitions.append((key, Self.text(transition, in: state), transitionsTaken.contains(key)))
            }
        }
        for (index, handler) in flow.handlers.enumerated() {
            let key = TransitionKey(state: nil, origin: .handler(index))
            transitions.append((key, Self.text(handler.transition, in: nil), transitionsTaken.contains(key)))
        }
        return FlowCoverage(
            flow: flow.id, file: flow.file, states: flow.states.map { ($0.id, states.contains($0.id)) },
            transitions: transitions)
    }

    /// `choose-month: option '1' -> lookup-bill`, `archive: transitions[0] on ok if !unresolved -> closed`,
    /// `handlers[0] on hangup -> caller-hung-up`.
    static func text(_ transition: Transition, in state: State?) -> String {
        var text = state.map { "\($0.id): " } ?? ""
        text += transition.origin.description
        switch transition.origin {
        case .transition, .handler:
            if let event = transition.event { text += " on \(event)" }
            if let guardExpression = transition.guardExpression { text += " if \(guardExpression.text)" }
        default:
            break
        }
        return text + " -> \(transition.target.name)"
    }
}
