import FlowExpression

/// What writes into a frame's variables replaced, so that a refused event can put it back.
///
/// An outcome's results are written into the frame in place (copying the variables to try
/// them would cost two arrays a step); if nothing then takes the event, `restore` leaves
/// the variables as they were. The first two writes are kept inline: an outcome rarely
/// stores more, and then no array is allocated.
struct ReplacedSlots {
    private struct Entry {
        var slot: Int
        var value: Value?
        var wasSet: Bool
    }

    private var first: Entry?
    private var second: Entry?
    private var more: [Entry] = []
    /// The arrays' lengths before the first write (a write past the end grows them).
    private var counts: (values: Int, setMask: Int)?

    /// Writes `value` into `slot`, as `SlotEnvironment`'s subscript does, remembering the slot's old value.
    mutating func write(_ value: Value, to slot: Int, in variables: inout SlotEnvironment) {
        guard slot >= 0 else { return }
        if counts == nil { counts = (variables.values.count, variables.setMask.count) }
        let entry = Entry(
            slot: slot, value: slot < variables.values.count ? variables.values[slot] : nil,
            wasSet: variables.isSet(slot: slot))
        if first == nil {
            first = entry
        } else if second == nil {
            second = entry
        } else {
            more.append(entry)
        }
        variables[slot] = value
    }

    /// Puts back what the writes replaced, the last write first.
    func restore(in variables: inout SlotEnvironment) {
        guard let counts else { return }
        for entry in more.reversed() { put(entry, into: &variables) }
        if let second { put(second, into: &variables) }
        if let first { put(first, into: &variables) }
        if variables.values.count > counts.values { variables.values.removeSubrange(counts.values...) }
        if variables.setMask.count > counts.setMask { variables.setMask.removeSubrange(counts.setMask...) }
    }

    private func put(_ entry: Entry, into variables: inout SlotEnvironment) {
        if let value = entry.value { variables.values[entry.slot] = value }
        if entry.slot < variables.setMask.count { variables.setMask[entry.slot] = entry.wasSet }
    }
}
