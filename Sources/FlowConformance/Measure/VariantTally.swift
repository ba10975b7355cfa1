/// One path variant of a flow version: the states its sessions' depth-0 segments entered.
public struct PathVariant: Sendable, Hashable {
    public var program: Int32
    /// State indices; -1 for a move to no state (`✗`).
    public var states: [Int32]
    public var count: Int

    public init(program: Int32, states: [Int32], count: Int) {
        self.program = program
        self.states = states
        self.count = count
    }

    /// `greet → ask → resolve → done`.
    public func text(catalog: NetCatalog) -> String {
        let names = catalog.net(program).stateNames
        return states.map { $0 >= 0 && Int($0) < names.count ? names[Int($0)] : "✗" }.joined(separator: " → ")
    }
}

/// How often each path variant occurred, per flow version: bounded by the distinct
/// variants, not the sessions.
///
/// A session's variant is found by a 64-bit fingerprint and then compared state by state,
/// so counting a variant already seen allocates nothing; only a new one is copied in.
public struct VariantTally: Sendable {
    private struct Entry: Sendable {
        var program: Int32
        var offset: Int32
        var length: Int32
        var count: Int
        /// The next entry with the same fingerprint, or -1.
        var next: Int32
    }

    /// Every variant's states, one after another.
    private var storage: [Int32] = []
    private var entries: [Entry] = []
    private var firstByFingerprint: [UInt64: Int32] = [:]

    public init() {}

    /// Counts a session's variant.
    public mutating func add(_ verdict: SessionVerdict) {
        add(program: verdict.program, states: verdict.variant, count: 1)
    }

    public mutating func add(program: Int32, states: [Int32], count: Int) {
        let fingerprint = Self.fingerprint(program: program, states: states)
        var candidate = firstByFingerprint[fingerprint] ?? -1
        while candidate >= 0 {
            if matches(Int(candidate), program: program, states: states) {
                entries[Int(candidate)].count += count
                return
            }
            candidate = entries[Int(candidate)].next
        }
        entries.append(Entry(
            program: program, offset: Int32(storage.count), length: Int32(states.count), count: count,
            next: firstByFingerprint[fingerprint] ?? -1))
        storage.append(contentsOf: states)
        firstByFingerprint[fingerprint] = Int32(entries.count - 1)
    }

    public mutating func merge(_ other: VariantTally) {
        for entry in other.entries {
            let states = Array(other.storage[Int(entry.offset)..<Int(entry.offset + entry.length)])
            add(program: entry.program, states: states, count: entry.count)
        }
    }

    /// How many distinct variants there are, over every flow version.
    public var distinctCount: Int { entries.count }

    /// The variants of a flow version, most frequent first (ties in first-seen order).
    public func variants(of program: Int32) -> [PathVariant] {
        entries.enumerated().filter { $0.element.program == program }
            .sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }
            .map { _, entry in
                PathVariant(
                    program: program, states: Array(storage[Int(entry.offset)..<Int(entry.offset + entry.length)]),
                    count: entry.count)
            }
    }

    /// The sessions counted for a flow version: the denominator of each variant's share.
    public func sessions(of program: Int32) -> Int {
        entries.reduce(0) { $0 + ($1.program == program ? $1.count : 0) }
    }

    private func matches(_ index: Int, program: Int32, states: [Int32]) -> Bool {
        let entry = entries[index]
        guard entry.program == program, Int(entry.length) == states.count else { return false }
        var position = Int(entry.offset)
        for state in states {
            if storage[position] != state { return false }
            position += 1
        }
        return true
    }

    /// FNV-1a over the program and the states.
    static func fingerprint(program: Int32, states: [Int32]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func mix(_ value: Int32) {
            hash = (hash ^ UInt64(UInt32(bitPattern: value))) &* 0x0000_0100_0000_01b3
        }
        mix(program)
        for state in states { mix(state) }
        mix(Int32(states.count))
        return hash
    }
}
