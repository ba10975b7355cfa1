import FlowModel

extension MatrixReport {
    /// Columns wider than this wrap their text (reasons are often long Chinese sentences).
    static let textCellWidth = 30

    /// What a cell says, line by line, before any wrapping or escaping. With
    /// `reasonsApart`, a not-offered reason gets lines of its own under `not offered:`.
    static func lines(of cell: Cell, reasonsApart: Bool = false, missing: Set<String> = []) -> [String] {
        func status(_ status: CellStatus, prefix: String) -> [String] {
            if reasonsApart, case .notOffered(let reason) = status {
                return [prefix + "not offered:", "  " + reason]
            }
            if let id = status.flowID, missing.contains(id) { return [prefix + id + " (MISSING)"] }
            return [prefix + status.summary]
        }
        var lines = status(cell.status, prefix: "")
        if !cell.codes.isEmpty { lines.append(cell.codes.joined(separator: " ")) }
        if let benchmark = cell.benchmark { lines.append("benchmark \(BenchmarkText.percent(benchmark))") }
        for variant in cell.variants {
            var variantLines = status(variant.status, prefix: "+ \(variant.scope.isEmpty ? "any" : variant.scope): ")
            if let benchmark = variant.benchmark, variant.benchmark != cell.benchmark {
                variantLines[variantLines.count - 1] += " (\(BenchmarkText.percent(benchmark)))"
            }
            lines += variantLines
        }
        return lines
    }

    static let legend = [
        "Legend: a flow id serves the cell (MISSING: no file declares it); \"not offered: ...\" is a deliberate gap;",
        "BLIND SPOT (管理盲点) is a cell with neither; \"+ brand/environment:\" lines refine a cell;",
        "codes are channel + brand + business code (e.g. VG101); benchmark is the compliance target (标杆值).",
    ]

    /// Aligned columns for a terminal; wide characters count two columns.
    func textTable() -> String {
        let missing = missingFlowIDs
        let header: [[String]] = [["业务 \\ 渠道", "business \\ channel"]] + channels.map { channel in
            [channel.name.zh.map { zh in channel.name.en.map { "\(zh) \($0)" } ?? zh } ?? channel.name.english,
             "\(channel.id) [\(channel.code)]"]
        }
        let body: [[[String]]] = rows.map { row in
            let name = row.business.name
            let title = name.zh.map { zh in name.en.map { "\(zh) \($0)" } ?? zh } ?? name.english
            let first = [title, "\(row.business.id) [\(row.business.code)]"]
            return [first] + row.cells.map { cell in
                Self.lines(of: cell, reasonsApart: true, missing: missing).flatMap { line in
                    // An indented line (a reason) continues at its indent; others hang by two.
                    let indent = String(line.prefix { $0 == " " })
                    let hanging = indent.isEmpty ? "  " : indent
                    let wrapped = DisplayWidth.wrap(String(line.dropFirst(indent.count)), width: Self.textCellWidth)
                    return wrapped.enumerated().map { ($0.offset == 0 ? indent : hanging) + $0.element }
                }
            }
        }
        var widths = header.map { $0.map(DisplayWidth.of).max() ?? 0 }
        for row in body {
            for (column, lines) in row.enumerated() {
                widths[column] = max(widths[column], lines.map(DisplayWidth.of).max() ?? 0)
            }
        }
        func render(_ row: [[String]]) -> [String] {
            let height = row.map(\.count).max() ?? 0
            return (0..<height).map { lineIndex in
                let parts = row.enumerated().map { column, lines in
                    let text = lineIndex < lines.count ? lines[lineIndex] : ""
                    return column == row.count - 1 ? text : DisplayWidth.pad(text, to: widths[column])
                }
                var line = parts.joined(separator: " | ")
                while line.last == " " { line.removeLast() }
                return line
            }
        }
        func rule(_ character: String, _ joint: String) -> String {
            widths.enumerated().map { column, width in
                let extra = (column == 0 ? 0 : 1) + (column == widths.count - 1 ? 0 : 1)
                return String(repeating: character, count: width + extra)
            }.joined(separator: joint)
        }
        var out: [String] = []
        let title = name.description
        if !title.isEmpty { out += [title, ""] }
        out += render(header)
        out.append(rule("=", "+"))
        for (index, row) in body.enumerated() {
            if index > 0 { out.append(rule("-", "+")) }
            out += render(row)
        }
        out.append("")
        out.append(summary)
        out += Self.legend
        return out.joined(separator: "\n") + "\n"
    }
}
