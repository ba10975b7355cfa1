/// Spots the pattern shape that makes a backtracking regex engine (Swift's included) take
/// exponential time: an unbounded repetition inside a group that is itself repeated without
/// bound, as in `(a+)+$`, `(\w*\s?)*` or `((ab)*c)+`.
///
/// `(a+)+$` takes seconds on twenty `a`s followed by `!`, and there is no way to bound a
/// match's time, so a guard holding such a pattern would let one customer's input stall a
/// session. Bounded repeats (`(\d{3}-)+`) are fine. This finds the common form only, not
/// every pattern that backtracks badly (`(a|aa)+` is not caught).
enum BacktrackingRisk {
    /// Whether `pattern` repeats a group that contains an unbounded repetition.
    static func hasNestedRepetition(_ pattern: String) -> Bool {
        let scalars = Array(pattern.unicodeScalars)
        // For each open group: whether something inside it repeats without bound.
        var groups = [false]
        var index = 0
        while index < scalars.count {
            switch scalars[index] {
            case "\\":
                index = skipEscape(scalars, from: index)
                continue
            case "[":
                index = skipClass(scalars, from: index)
                continue
            case "(":
                groups.append(false)
                index += 1
                continue
            case ")":
                let repeatsInside = groups.count > 1 ? groups.removeLast() : false
                index += 1
                let unbounded = isUnboundedQuantifier(scalars, at: index)
                if repeatsInside && unbounded { return true }
                groups[groups.count - 1] = groups[groups.count - 1] || repeatsInside || unbounded
                continue
            default:
                if isUnboundedQuantifier(scalars, at: index) { groups[groups.count - 1] = true }
                index += 1
            }
        }
        return false
    }

    /// `*`, `+` or `{n,}` at `index`.
    private static func isUnboundedQuantifier(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index < scalars.count else { return false }
        if scalars[index] == "*" || scalars[index] == "+" { return true }
        guard scalars[index] == "{" else { return false }
        var end = index + 1
        while end < scalars.count, LiteralText.isDigit(scalars[end]) { end += 1 }
        return end > index + 1 && end + 1 < scalars.count && scalars[end] == "," && scalars[end + 1] == "}"
    }

    /// The index after the escape at `index`; `\Q...\E` quotes everything up to `\E`.
    private static func skipEscape(_ scalars: [Unicode.Scalar], from index: Int) -> Int {
        guard index + 1 < scalars.count, scalars[index + 1] == "Q" else { return index + 2 }
        var end = index + 2
        while end + 1 < scalars.count, !(scalars[end] == "\\" && scalars[end + 1] == "E") { end += 1 }
        return end + 2
    }

    /// The index after the character class opening at `index` (classes may nest).
    private static func skipClass(_ scalars: [Unicode.Scalar], from index: Int) -> Int {
        var depth = 0
        var end = index
        while end < scalars.count {
            switch scalars[end] {
            case "\\":
                end += 2
                continue
            case "[":
                depth += 1
                // A `]` right after `[` or `[^` is a literal member.
                if end + 1 < scalars.count, scalars[end + 1] == "^" { end += 1 }
                if end + 1 < scalars.count, scalars[end + 1] == "]" { end += 1 }
            case "]":
                depth -= 1
                if depth == 0 { return end + 1 }
            default:
                break
            }
            end += 1
        }
        return end
    }
}
