import FlowModel

extension FlowDiagram {
    /// Mermaid `stateDiagram-v2`. States get ids `s0`, `s1`... (Mermaid cannot parse
    /// hyphens in ids) and their names as labels; handlers go into a note on the start
    /// state, since Mermaid state diagrams cannot draw dashed transitions.
    func mermaid() -> String {
        var lines = [
            "---",
            "title: \(Self.yamlQuoted(titleLine))",
            "---",
            "stateDiagram-v2",
        ]
        for (index, state) in flow.states.enumerated() {
            let label = labelLines(of: state).map(Self.mermaidText).joined(separator: "<br/>")
            lines.append("    state \"\(label)\" as s\(index)")
        }
        if let start = startIndex { lines.append("    [*] --> s\(start)") }
        for (index, state) in flow.states.enumerated() {
            for transition in state.transitions {
                guard let target = transition.target.index else { continue }
                let label = TransitionText.label(transition, in: state)
                lines.append("    s\(index) --> s\(target)" + (label.isEmpty ? "" : " : \(Self.mermaidText(label))"))
            }
        }
        for index in endStates { lines.append("    s\(index) --> [*]") }
        let mandatory = flow.states.indices.filter { flow.states[$0].mandatory }
        if !mandatory.isEmpty {
            lines.append("    classDef mandatory font-weight:bold,stroke-width:3px")
            lines.append("    class \(mandatory.map { "s\($0)" }.joined(separator: ",")) mandatory")
        }
        if !flow.handlers.isEmpty, let start = startIndex {
            lines.append("    note right of s\(start)")
            lines.append("        handlers (any state)")
            for handler in flow.handlers { lines.append("        " + Self.mermaidText(handlerLine(handler))) }
            lines.append("    end note")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text safe in a Mermaid label: characters Mermaid parses or renders as HTML become
    /// its entity codes (`#quot;`, `#lt;`...), line breaks become `<br/>`.
    static func mermaidText(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\"": out += "#quot;"
            case "#": out += "#35;"
            case ";": out += "#59;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "&": out += "#amp;"
            case "\r\n", "\n", "\r": out += "<br/>"
            default: out.append(character)
            }
        }
        return out
    }

    /// A YAML double-quoted scalar, for the front matter's title.
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\r\n", "\n", "\r": out += " "
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
