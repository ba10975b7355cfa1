import FlowModel

/// A flow's state machine as a diagram: Mermaid (`stateDiagram-v2`) or Graphviz DOT.
///
/// ```swift
/// let diagram = FlowDiagram(flow: flow)
/// print(diagram.render(.mermaid))
/// try Graphviz().svg(fromDOT: diagram.render(.dot))
/// ```
public struct FlowDiagram: Sendable {
    /// The diagram languages.
    public enum Format: String, Sendable, CaseIterable {
        /// Mermaid `stateDiagram-v2`, for Markdown renderers (GitHub, GitLab, wikis).
        case mermaid
        /// Graphviz DOT, for `dot -Tsvg`.
        case dot
    }

    public var flow: Flow

    public init(flow: Flow) {
        self.flow = flow
    }

    /// The diagram as text in `format`.
    public func render(_ format: Format) -> String {
        switch format {
        case .mermaid: mermaid()
        case .dot: dot()
        }
    }

    /// A node's label lines: the state id, what kind it is, and its title when it has one.
    func labelLines(of state: State) -> [String] {
        var lines = [state.id, StateSummary.kind(state)]
        if let title = state.title { lines.append(title) }
        return lines
    }

    /// The states that finish the contact.
    var endStates: [Int] { flow.states.indices.filter { flow.states[$0].isEnd } }

    /// The start state's index, when it resolves.
    var startIndex: Int? { flow.start.index ?? flow.stateIndex(named: flow.start.name) }

    /// `on hangup`-style handler lines for notes: `hangup → hung-up (except to-agent)`.
    func handlerLine(_ handler: Handler) -> String {
        var line = "\(TransitionText.label(handler.transition, in: nil)) → \(handler.transition.target.name)"
        if !handler.except.isEmpty { line += " (except \(handler.except.map(\.name).joined(separator: ", ")))" }
        return line
    }

    /// The flow's title line: `top-up.ivr 话费充值（自助语音） (Top-up (IVR))`.
    var titleLine: String {
        let title = flow.title.description
        return title.isEmpty ? flow.id : "\(flow.id) \(title)"
    }
}
