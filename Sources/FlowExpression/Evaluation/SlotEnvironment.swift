/// A simple environment backed by an array of values and a set-mask, for tests and tools.
///
/// ```swift
/// var environment = SlotEnvironment(scope: scope)      // zero values, nothing set
/// environment[1] = .decimal(250)                        // sets slot 1 and marks it set
/// try expression.evaluate(in: environment)
/// ```
public struct SlotEnvironment: ExpressionEnvironment, Sendable, Hashable {
    /// The value of each slot, by slot number.
    public var values: [Value]
    /// Whether each slot was explicitly set, by slot number.
    public var setMask: [Bool]

    /// An environment holding `values`; `setSlots` lists the slots that count as set
    /// (all of them when nil).
    public init(values: [Value], setSlots: Set<Int>? = nil) {
        self.values = values
        self.setMask = values.indices.map { setSlots?.contains($0) ?? true }
    }

    /// An environment holding the zero value of every variable in `scope`, none of them set.
    public init(scope: ExpressionScope) {
        let count = (scope.variables.map(\.slot).max() ?? -1) + 1
        var values = Array(repeating: Value.bool(false), count: max(count, 0))
        for variable in scope.variables where variable.slot >= 0 {
            values[variable.slot] = .zero(of: variable.type)
        }
        self.values = values
        self.setMask = Array(repeating: false, count: values.count)
    }

    /// The value in `slot`; assigning marks the slot set, growing the arrays if needed.
    public subscript(slot: Int) -> Value {
        get { value(ofSlot: slot) }
        set {
            guard slot >= 0 else { return }
            if slot >= values.count {
                values.append(contentsOf: repeatElement(.bool(false), count: slot - values.count + 1))
            }
            if slot >= setMask.count {
                setMask.append(contentsOf: repeatElement(false, count: slot - setMask.count + 1))
            }
            values[slot] = newValue
            setMask[slot] = true
        }
    }

    /// Marks `slot` as not set, keeping its value (as a session does for a cleared variable).
    public mutating func unset(_ slot: Int) {
        if setMask.indices.contains(slot) { setMask[slot] = false }
    }

    public func value(ofSlot slot: Int) -> Value {
        // An unknown slot reads as an empty record, which no operator accepts, so a bad
        // environment surfaces as an evaluation error rather than a crash.
        values.indices.contains(slot) ? values[slot] : .record([])
    }

    public func isSet(slot: Int) -> Bool {
        setMask.indices.contains(slot) ? setMask[slot] : false
    }
}
