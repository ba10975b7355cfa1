import PropertyBased

/// A SplitMix64 generator: the property generators draw one seed from PropertyBased's
/// generator (so `.fixedSeed` reproduces a failure) and build whole trees from it.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476C_E5B9_E1CF
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &self) < percent
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[Int.random(in: 0..<items.count, using: &self)]
    }
}

extension Gen {
    /// A generator of values built by `make` from a fresh seeded random source.
    static func seeded(_ make: @escaping @Sendable (inout SeededRandom) -> Value) -> Generator<
        Value, Shrink.None<Value>
    >
    where Value: Sendable {
        Generator { rng in
            var random = SeededRandom(seed: rng.next())
            return make(&random)
        }
    }
}
