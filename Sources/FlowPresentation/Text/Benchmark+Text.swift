/// How benchmarks (标杆值, 0...1) read in reports.
enum BenchmarkText {
    /// `0.95` -> `95%`, `0.975` -> `97.5%`.
    static func percent(_ value: Double) -> String {
        let tenths = Int((value * 1000).rounded())
        let whole = tenths / 10
        let rest = tenths % 10
        return rest == 0 ? "\(whole)%" : "\(whole).\(rest)%"
    }

    /// The value as the flow map writes it, for CSV: `0.95`.
    static func decimal(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        var text = "\(thousandths / 1000)."
        let fraction = String(thousandths % 1000)
        text += String(repeating: "0", count: 3 - fraction.count) + fraction
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text += "0" }
        return text
    }
}
