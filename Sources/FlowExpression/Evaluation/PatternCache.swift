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
