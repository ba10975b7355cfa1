import Foundation

/// How the report writes numbers, and the Chinese names next to the English ones
/// (../shared/DOMAIN.md gives the terms).
enum ReportText {
    /// `94.1%`, or `–` when there is nothing to divide by.
    static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
    }

    /// `0.9091`, or `–`.
    static func fraction(_ value: Double?) -> String {
        value.map { String(format: "%.4f", $0) } ?? "–"
    }

    /// `+2.5 pt`, `−1.0 pt`, or empty.
    static func change(_ value: Double?) -> String {
        guard let value else { return "" }
        let points = value * 100
        if abs(points) < 0.05 { return "±0.0 pt" }
        return (points > 0 ? "+" : "−") + String(format: "%.1f pt", abs(points))
    }

    /// `123.4 s`, or `–`.
    static func seconds(_ value: Double?) -> String {
        value.map { String(format: "%.1f s", $0) } ?? "–"
    }

    /// Chinese names of the deviation types.
    static let deviationChinese: [String: String] = [
        "override": "人工跳转",
        "outside-step": "系统外操作",
        "skipped-mandatory": "跳过必经环节",
        "abandoned": "未完成即结束",
        "loop-bound": "超出循环上限",
        "state-sla": "环节超时",
        "flow-sla": "流程超时",
    ]

    /// Chinese names of the person-step checks.
    static let checkChinese: [String: String] = [
        "performer": "执行人不符",
        "transfer-target": "转接目标不符",
        "ownership": "违反首问负责制",
    ]
}
