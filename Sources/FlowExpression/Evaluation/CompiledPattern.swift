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

/// Patterns compiled from run-time text (`s.matches(pattern)`), kept so that a guard does
/// not recompile the same pattern on every evaluation. Shared by copies of one checked
/// expression, guarded by a lock, and bounded so that ever-changing patterns cannot make it
/// grow without end.
final class PatternCache: @unchecked Sendable, Hashable {
    static let capacity = 32
    private let lock = Lock()
    private var patterns: [String: CompiledPattern] = [:]

    init() {}

    /// The compiled `text`, from the cache when it has been seen before.
    func pattern(for text: String) throws(PatternError) -> CompiledPattern {
        if let cached = lock.withLock({ patterns[text] }) {
            return cached
        }
        // Compile outside the lock: another thread may compile the same text meanwhile,
        // which costs a little work but never blocks matching on a slow compile.
        let compiled = try CompiledPattern(text)
        lock.withLock {
            if patterns.count >= Self.capacity { patterns.removeAll(keepingCapacity: true) }
            patterns[text] = compiled
        }
        return compiled
    }

    // The cache is an optimisation, not part of what an expression means.
    static func == (lhs: PatternCache, rhs: PatternCache) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
