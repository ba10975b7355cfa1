import FlowModel

extension MatrixReport {
    /// A Markdown table (GitHub flavour); lines inside a cell are joined with `<br>`.
    func markdownTable() -> String {
        let missing = missingFlowIDs
        var out: [String] = []
        let title = name.description
        if !title.isEmpty { out += ["# \(Self.markdown(title))", ""] }
        let header = ["Business"] + channels.map { channel in
            "\(Self.markdown(channel.name.description))<br>`\(channel.id)` \(channel.code)"
        }
        out.append("| " + header.joined(separator: " | ") + " |")
        out.append("|" + String(repeating: "---|", count: header.count))
        for row in rows {
            let business = "\(Self.markdown(row.business.name.description))<br>`\(row.business.id)` \(row.business.code)"
            let cells = row.cells.map { cell in
                Self.lines(of: cell, missing: missing).enumerated().map { index, line in
                    if index == 0, let id = cell.status.flowID { return "`\(id)`" + (missing.contains(id) ? " (MISSING)" : "") }
                    if index == 0, cell.status == .blindSpot { return "**\(Self.markdown(line))**" }
                    return Self.markdown(line)
                }.joined(separator: "<br>")
            }
            out.append("| " + ([business] + cells).joined(separator: " | ") + " |")
        }
        out.append("")
        out.append(Self.markdown(summary))
        out.append("")
        out.append(Self.legend.map(Self.markdown).joined(separator: "\n"))
        return out.joined(separator: "\n") + "\n"
    }

    /// Text made safe inside a table cell: Markdown punctuation escaped, `|` escaped, HTML inert.
    static func markdown(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "|", "#": out += "\\\(character)"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r": out += "<br>"
            default: out.append(character)
            }
        }
        return out
    }
}
