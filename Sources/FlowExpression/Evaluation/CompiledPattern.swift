/// A regular expression compiled once, matched many times (`s.matches(re)` searches `s`).
///
/// `Regex` is not `Sendable` because its output type may carry closures (RegexBuilder
/// transforms). A pattern compiled from text has none, and this object never changes after
/// `init`, which also runs one match so the regex's lazily lowered program is built before
/// the object can be shared; concurrent matches then only read it. Hence `@unchecked`.
///
/// A class rather than a struct: a `Regex` field would give every tree node a layout known
/// only at run time, and evaluation would look up type metadata at each step.
final class CompiledPattern: @unchecked Sendable, Hashable {
    let pattern: String
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `pattern`; throws the compiler's explanation when it is not a valid regex.
    init(_ pattern: String) throws(PatternError) {
        guard !BacktrackingRisk.hasNestedRepetition(pattern) else {
            throw PatternError(
                message: "a repetition inside a repeated group, as in '(a+)+', can take exponential time; "
                    + "repeat once, as in 'a+'")
        }
        do {
            regex = try Regex(pattern)
        } catch {
            throw PatternError(message: "\(error)")
        }
        self.pattern = pattern
        _ = "".contains(regex)
    }

    /// Whether `text` contains a match (use `^...$` to match the whole text).
    func matches(_ text: String) -> Bool {
        text.contains(regex)
    }

    // Two patterns are the same when their text is: the compiled form follows from it.
    static func == (lhs: CompiledPattern, rhs: CompiledPattern) -> Bool {
        lhs.pattern == rhs.pattern
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
    }
}

/// Why a pattern did not compile, in the regex compiler's words.
struct PatternError: Error {
    var message: String
}
