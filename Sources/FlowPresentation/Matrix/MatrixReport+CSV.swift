import FlowModel

extension MatrixReport {
    static let csvHeader = ["code", "business", "channel", "brand", "environment", "status", "flow", "reason", "benchmark"]

    /// One row per contact point and environment, RFC 4180: CRLF line ends, fields with a
    /// comma, quote or line break quoted, quotes doubled.
    func csvRows() -> String {
        var records = [Self.csvHeader]
        for point in contactPoints {
            var flow = ""
            var reason = ""
            switch point.status {
            case .flow(let id): flow = id
            case .notOffered(let text): reason = text
            case .blindSpot: break
            case .ambiguous(let candidates): flow = candidates.joined(separator: " or ")
            }
            records.append([
                point.code, point.business, point.channel, point.brand, point.environment, point.status.name,
                flow, reason, point.benchmark.map(BenchmarkText.decimal) ?? "",
            ])
        }
        return records.map { $0.map(Self.csvField).joined(separator: ",") + "\r\n" }.joined()
    }

    /// A field quoted when RFC 4180 requires it.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
