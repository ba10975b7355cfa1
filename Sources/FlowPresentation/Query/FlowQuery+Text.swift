import FlowModel

extension FlowQuery {
    /// The answer as the agent reads it: the contact point, then its flow step by step,
    /// or a message saying it is not offered, a blind spot, ambiguous or unknown.
    public func render(_ answer: Answer) -> String {
        switch answer {
        case .resolved(let resolved):
            return render(resolved)
        case .unknownCode(let code):
            return "unknown code '\(code)': no contact point of the flow map has it\n" + codeHint() + "\n"
        case .ambiguousCode(let code, let points):
            let readings = points.map { "  \($0.code)  (\([$0.business, $0.channel, $0.brand].filter { !$0.isEmpty }.joined(separator: ", ")))" }
            return (["ambiguous code '\(code)': it reads as \(points.count) contact points (the flow map's codes differ in length; run flowmap lint):"]
                + readings).joined(separator: "\n") + "\n"
        case .unknownName(let kind, let name, let known):
            return "unknown \(kind) '\(name)': the flow map declares \(known.isEmpty ? "none" : known.joined(separator: ", "))\n"
        case .variesByBrand(let business, let channel, let answers):
            var lines = ["\(business) on \(channel) is served differently by brand; ask with a brand or a code:"]
            let width = answers.map { DisplayWidth.of($0.code) }.max() ?? 0
            for answer in answers {
                lines.append("  \(DisplayWidth.pad(answer.code, to: width))  \(answer.brand): \(answer.status.summary)")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// `codes are channel (P phone, V ivr) + brand (G gotone) + business (101 bill-inquiry)`.
    func codeHint() -> String {
        func list<T>(_ items: [T], _ code: (T) -> String, _ id: (T) -> String) -> String {
            items.map { "\(code($0)) \(id($0))" }.joined(separator: ", ")
        }
        var parts = ["channel (\(list(map.channels, \.code, \.id)))"]
        if !map.brands.isEmpty { parts.append("brand (\(list(map.brands, \.code, \.id)))") }
        parts.append("business (\(list(map.businesses, \.code, \.id)))")
        return "codes are " + parts.joined(separator: " + ")
    }

    private func render(_ resolved: Resolved) -> String {
        let point = resolved.point
        var fields: [(String, String)] = [
            ("contact point", resolved.codes.joined(separator: " ")),
            ("business", NameText.business(point.business, in: map)),
            ("channel", NameText.channel(point.channel, in: map)),
        ]
        if !map.brands.isEmpty {
            fields.append(("brand", point.brand.isEmpty ? "any (\(map.brands.map(\.id).joined(separator: ", ")))" : NameText.brand(point.brand, in: map)))
        }
        if !resolved.environment.isEmpty {
            fields.append(("environment", NameText.environment(resolved.environment, in: map)))
        }
        var message: [String] = []
        switch resolved.status {
        case .flow(let id):
            if let flow = resolved.flow {
                fields += FlowWalkthrough(flow: flow, map: map).headerFields
            } else {
                fields.append(("flow", id))
                message = ["MISSING FLOW: the flow map names '\(id)', but no file in the library declares it (run flowmap lint)."]
            }
            if let benchmark = resolved.benchmark { fields.append(("benchmark", BenchmarkText.percent(benchmark))) }
        case .notOffered(let reason):
            fields.append(("status", "not offered"))
            let whom = [point.brand, resolved.environment].filter { !$0.isEmpty }
            message = ["NOT OFFERED: \(point.business) is deliberately not offered on \(point.channel)\(whom.isEmpty ? "" : " for these customers (\(whom.joined(separator: ", ")))"). Reason: \(reason)"]
        case .blindSpot:
            fields.append(("status", "blind spot"))
            message = ["BLIND SPOT (管理盲点): the flow map names neither a flow nor a not-offered reason for this contact point; no flow serves it (run flowmap lint)."]
        case .ambiguous(let candidates):
            fields.append(("status", "ambiguous"))
            message = ["AMBIGUOUS: equally specific variants of the cell give different answers (\(candidates.joined(separator: " or "))); the flow map must decide (run flowmap lint)."]
        }
        for other in resolved.otherEnvironments {
            let scope = other.brand.map { "\(other.environment)/\($0)" } ?? other.environment
            fields.append(("note", "for \(scope): \(other.status.summary)"))
        }
        var lines = NameText.fields(fields, width: 15)
        if !message.isEmpty {
            lines.append("")
            lines += message
        }
        if let flow = resolved.flow {
            if let description = flow.description {
                lines.append("")
                lines += description.split(separator: "\n").map(String.init)
            }
            lines.append("")
            lines += FlowWalkthrough(flow: flow, map: map).stepLines
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
