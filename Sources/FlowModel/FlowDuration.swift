/// A span of time as flows write it: `500ms`, `5s`, `3m`, `24h`, `2d`, or a sum like `1h30m`.
public struct FlowDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public static func seconds(_ seconds: Int64) -> FlowDuration {
        FlowDuration(milliseconds: seconds * 1000)
    }

    /// Parses the written form; nil when it is not one (the loader reports where).
    public init?(parsing text: String) {
        let units: [(suffix: String, factor: Int64)] = [
            ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
        ]
        var rest = Substring(text)
        var total: Int64 = 0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, digits.count <= 9, let amount = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            // "ms" must be tried before "m".
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }) else { return nil }
            rest = rest.dropFirst(unit.suffix.count)
            let (product, overflow) = amount.multipliedReportingOverflow(by: unit.factor)
            guard !overflow else { return nil }
            total += product
        }
        self.milliseconds = total
    }

    /// The shortest written form that parses back to the same value.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds
        var text = ""
        for (suffix, factor) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] {
            let amount = rest / factor
            if amount > 0 {
                text += "\(amount)\(suffix)"
                rest -= amount * factor
            }
        }
        return text
    }

    public static func < (lhs: FlowDuration, rhs: FlowDuration) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }
}
