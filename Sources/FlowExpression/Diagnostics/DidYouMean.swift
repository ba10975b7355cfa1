/// Finds the declared name a misspelt one was probably meant to be.
///
/// A candidate qualifies when its Damerau-Levenshtein distance (insertions, deletions,
/// substitutions and swaps of neighbours) is at most `max(1, name.count / 3)`: `amout`
/// finds `amount`, `startswith` finds `startsWith`, `x` finds nothing in particular.
enum DidYouMean {
    /// The closest candidate within reach, the earliest one on a tie; nil when none is close.
    static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let written = Array(name)
        let limit = max(1, written.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let other = Array(candidate)
            // Lengths further apart than the limit cannot be within it; skip the table.
            guard abs(other.count - written.count) <= limit else { continue }
            let distance = self.distance(written, other)
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// The optimal-string-alignment distance between `a` and `b`.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        // Three rolling rows: the swap rule looks two rows back.
        var previousPrevious = [Int](repeating: 0, count: width)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: width)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
