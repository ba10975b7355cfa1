import FlowModel

extension MatrixReport {
    static let htmlStyle = """
        body { font-family: "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", system-ui, sans-serif; margin: 2rem; color: #1f2328; }
        h1 .en, th .en, h3 .en { color: #57606a; font-weight: normal; }
        table.matrix { border-collapse: collapse; margin: 1rem 0; }
        table.matrix th, table.matrix td { border: 1px solid #d0d7de; padding: .5rem .7rem; vertical-align: top; text-align: left; }
        table.matrix thead th { background: #f6f8fa; }
        td.flow { background: #dafbe1; }
        td.not-offered { background: #eaeef2; color: #57606a; }
        td.blind-spot { background: #ffebe9; color: #a40e26; font-weight: bold; }
        .codes { font-family: ui-monospace, monospace; font-size: .85em; color: #57606a; }
        .benchmark { font-size: .85em; }
        ul.variants { margin: .3rem 0 0; padding-left: 1rem; font-size: .85em; }
        li.flow::marker { color: #1a7f37; }
        li.not-offered::marker { color: #57606a; }
        li.blind-spot { color: #a40e26; font-weight: bold; }
        .legend span { display: inline-block; padding: .1rem .5rem; margin-right: .5rem; border: 1px solid #d0d7de; }
        .legend .flow { background: #dafbe1; }
        .legend .not-offered { background: #eaeef2; }
        .legend .blind-spot { background: #ffebe9; color: #a40e26; }
        section.flow-section { border-top: 1px solid #d0d7de; margin-top: 1.5rem; }
        .meta { color: #57606a; }
        .kind { font-size: .85em; color: #57606a; }
        .mandatory { font-weight: bold; color: #9a6700; }
        .missing { font-weight: bold; color: #a40e26; }
        """

    /// One self-contained page: the matrix, a legend, and a section per flow listing its states.
    func htmlPage() -> String {
        let h = Self.html
        var out: [String] = [
            "<!DOCTYPE html>",
            "<html lang=\"zh-CN\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(h(name.description.isEmpty ? "Flow map" : name.description))</title>",
            "<style>",
            Self.htmlStyle,
            "</style>",
            "</head>",
            "<body>",
            "<h1>\(Self.bilingual(name))</h1>",
            "<p class=\"legend\"><span class=\"flow\">flow (MISSING: no file declares it)</span><span class=\"not-offered\">not offered (with the reason)</span><span class=\"blind-spot\">BLIND SPOT 管理盲点</span> Codes are channel + brand + business code (e.g. VG101); benchmark is the compliance target (标杆值).</p>",
            "<table class=\"matrix\">",
            "<thead>",
            "<tr><th>业务 <span class=\"en\">Business</span></th>"
                + channels.map { "<th>\(Self.bilingual($0.name))<br><code>\(h($0.id))</code> \(h($0.code))</th>" }.joined()
                + "</tr>",
            "</thead>",
            "<tbody>",
        ]
        let missing = missingFlowIDs
        for row in rows {
            let business = "<th scope=\"row\">\(Self.bilingual(row.business.name))<br><code>\(h(row.business.id))</code> \(h(row.business.code))</th>"
            out.append("<tr>" + business + row.cells.map { Self.htmlCell($0, missing: missing) }.joined() + "</tr>")
        }
        out += ["</tbody>", "</table>", "<p class=\"summary\">\(h(summary))</p>", "<h2>Flows</h2>"]
        for id in sectionFlowIDs {
            out += htmlSection(flowID: id)
        }
        out += ["</body>", "</html>"]
        return out.joined(separator: "\n") + "\n"
    }

    /// Flows the matrix names, in matrix order, then the library's other flows (subflows).
    var sectionFlowIDs: [String] {
        var ids: [String] = []
        for cell in cells {
            for id in ([cell.status] + cell.variants.map(\.status)).compactMap(\.flowID) where !ids.contains(id) {
                ids.append(id)
            }
        }
        for flow in flows where !ids.contains(flow.id) { ids.append(flow.id) }
        return ids
    }

    private static func htmlCell(_ cell: Cell, missing: Set<String>) -> String {
        let h = html
        func link(_ id: String) -> String {
            "<a href=\"#\(h(id))\">\(h(id))</a>" + (missing.contains(id) ? " <span class=\"missing\">MISSING</span>" : "")
        }
        var parts: [String] = []
        switch cell.status {
        case .flow(let id): parts.append(link(id))
        case .notOffered(let reason): parts.append("not offered<div class=\"reason\">\(h(reason))</div>")
        case .blindSpot: parts.append("BLIND SPOT 管理盲点")
        case .ambiguous(let candidates): parts.append("AMBIGUOUS: \(h(candidates.joined(separator: " or ")))")
        }
        if !cell.codes.isEmpty { parts.append("<div class=\"codes\">\(h(cell.codes.joined(separator: " ")))</div>") }
        if let benchmark = cell.benchmark { parts.append("<div class=\"benchmark\">benchmark \(BenchmarkText.percent(benchmark))</div>") }
        if !cell.variants.isEmpty {
            let items = cell.variants.map { variant -> String in
                let scope = h(variant.scope.isEmpty ? "any" : variant.scope)
                let what: String
                switch variant.status {
                case .flow(let id):
                    what = link(id) + (variant.benchmark.map { " (\(BenchmarkText.percent($0)))" } ?? "")
                case .notOffered(let reason): what = "not offered: \(h(reason))"
                case .blindSpot: what = "BLIND SPOT 管理盲点"
                case .ambiguous(let candidates): what = "AMBIGUOUS: \(h(candidates.joined(separator: " or ")))"
                }
                return "<li class=\"\(variant.status.name)\">\(scope): \(what)</li>"
            }
            parts.append("<ul class=\"variants\">\(items.joined())</ul>")
        }
        return "<td class=\"\(cell.status.name)\">\(parts.joined())</td>"
    }

    private func htmlSection(flowID: String) -> [String] {
        let h = Self.html
        guard let flow = flows.first(where: { $0.id == flowID }) else {
            return [
                "<section id=\"\(h(flowID))\" class=\"flow-section\">",
                "<h3><code>\(h(flowID))</code></h3>",
                "<p class=\"meta\">No file in the library declares this flow.</p>",
                "</section>",
            ]
        }
        var meta = ["version \(flow.version)", "\(flow.business) / \(flow.channel)", "owner \(flow.owner)"]
        if let sla = flow.sla { meta.append("SLA \(sla)") }
        meta.append("mode \(StateSummary.mode(of: flow, in: map))")
        var out = [
            "<section id=\"\(h(flow.id))\" class=\"flow-section\">",
            "<h3><code>\(h(flow.id))</code> \(Self.bilingual(flow.title))</h3>",
            "<p class=\"meta\">\(h(meta.joined(separator: " · ")))</p>",
            "<ol class=\"states\">",
        ]
        for index in StateOrder.readingOrder(of: flow) {
            let state = flow.states[index]
            var item = "<li id=\"\(h(flow.id))--\(h(state.id))\"><code>\(h(state.id))</code> <span class=\"kind\">\(h(StateSummary.kind(state)))</span>"
            if let title = state.title { item += " \(h(title))" }
            if state.mandatory { item += " <span class=\"mandatory\">mandatory</span>" }
            if flow.start.name == state.id { item += " <span class=\"kind\">(start)</span>" }
            out.append(item + "</li>")
        }
        out += ["</ol>", "</section>"]
        return out
    }

    /// `话费查询 <span class="en">Bill inquiry</span>`, escaped.
    static func bilingual(_ text: LocalizedText) -> String {
        switch (text.zh, text.en) {
        case let (zh?, en?): "\(html(zh)) <span class=\"en\">\(html(en))</span>"
        case let (zh?, nil): html(zh)
        case let (nil, en?): html(en)
        case (nil, nil): ""
        }
    }

    /// Text safe in HTML content and attribute values.
    static func html(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
