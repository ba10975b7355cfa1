import FlowModel

extension FlowDiagram {
    /// Graphviz DOT: a shape per kind, edge labels, handlers as dashed edges from an
    /// "any state" node, mandatory states bold.
    func dot() -> String {
        var lines = [
            "digraph \(Self.dotQuoted(flow.id)) {",
            "    graph [label=\(Self.dotQuoted(titleLine)), labelloc=t, fontname=\"sans-serif\"];",
            "    node [fontname=\"sans-serif\", fontsize=11];",
            "    edge [fontname=\"sans-serif\", fontsize=9];",
            "    \"(start)\" [shape=point, width=0.15, label=\"\"];",
        ]
        for state in flow.states {
            var attributes = ["shape=\(Self.shape(of: state))"]
            if state.mandatory { attributes.append("style=bold, penwidth=2") }
            attributes.append("label=\(Self.dotQuoted(labelLines(of: state).joined(separator: "\n")))")
            lines.append("    \(Self.dotQuoted(state.id)) [\(attributes.joined(separator: ", "))];")
        }
        if let start = startIndex { lines.append("    \"(start)\" -> \(Self.dotQuoted(flow.states[start].id));") }
        for state in flow.states {
            for transition in state.transitions {
                let label = TransitionText.label(transition, in: state)
                let attributes = label.isEmpty ? "" : " [label=\(Self.dotQuoted(label))]"
                lines.append("    \(Self.dotQuoted(state.id)) -> \(Self.dotQuoted(transition.target.name))\(attributes);")
            }
        }
        if !flow.handlers.isEmpty {
            lines.append("    \"(any state)\" [shape=plaintext, fontcolor=gray40, label=\"any state\"];")
            for handler in flow.handlers {
                var label = TransitionText.label(handler.transition, in: nil)
                if !handler.except.isEmpty { label += "\nexcept \(handler.except.map(\.name).joined(separator: ", "))" }
                lines.append("    \"(any state)\" -> \(Self.dotQuoted(handler.transition.target.name)) [style=dashed, color=gray40, label=\(Self.dotQuoted(label))];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func shape(of state: State) -> String {
        switch state.kind {
        case .prompt: "ellipse"
        case .collect: "box"
        case .decision: "diamond"
        case .task: "component"
        case .transfer: "cds"
        case .wait: "hexagon"
        case .subflow: "tab"
        case .end: "doublecircle"
        }
    }

    /// A DOT double-quoted string: quotes and backslashes escaped (a backslash would
    /// otherwise start an escape like `\N`), line breaks as centred `\n`.
    static func dotQuoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\r\n", "\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
