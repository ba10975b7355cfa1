import FlowConformance

/// The steps of the sessions a chunk reader holds open, by slot, in buffers of its own that
/// slots reuse from session to session: appending a step is a store and a count, with no
/// array to check for uniqueness and no allocation once a slot's buffer is big enough. A
/// session's steps leave as one array of exactly their number (`take`).
///
/// `TraceStep` is plain data (asserted), so buffers are copied and freed as bytes.
struct OpenSteps: ~Copyable {
    private struct Buffer {
        var base: UnsafeMutablePointer<TraceStep>?
        var count: Int
        var capacity: Int
    }

    private var buffers: UnsafeMutablePointer<Buffer>
    private var slotCapacity: Int

    init(slots: Int = 1024) {
        precondition(_isPOD(TraceStep.self), "OpenSteps copies trace steps as bytes")
        slotCapacity = max(slots, 16)
        buffers = .allocate(capacity: slotCapacity)
        buffers.initialize(repeating: Buffer(base: nil, count: 0, capacity: 0), count: slotCapacity)
    }

    deinit {
        for slot in 0..<slotCapacity {
            buffers[slot].base?.deallocate()
        }
        buffers.deallocate()
    }

    /// Appends a step to a slot's session (slots are numbered from 0, as the reader hands them out).
    @inline(__always)
    mutating func append(_ step: TraceStep, to slot: Int32) {
        let slot = Int(slot)
        if slot >= slotCapacity { grow(to: slot + 1) }
        let buffer = buffers + slot
        if buffer.pointee.count == buffer.pointee.capacity { enlarge(buffer) }
        (buffer.pointee.base! + buffer.pointee.count).initialize(to: step)
        buffer.pointee.count += 1
    }

    /// The steps of a slot's session, leaving the slot empty for the next session.
    mutating func take(_ slot: Int32) -> [TraceStep] {
        let slot = Int(slot)
        guard slot < slotCapacity, let base = buffers[slot].base else { return [] }
        let steps = Array(UnsafeBufferPointer(start: base, count: buffers[slot].count))
        buffers[slot].count = 0
        return steps
    }

    private mutating func grow(to needed: Int) {
        var size = slotCapacity * 2
        while size < needed { size *= 2 }
        let grown = UnsafeMutablePointer<Buffer>.allocate(capacity: size)
        grown.moveInitialize(from: buffers, count: slotCapacity)
        (grown + slotCapacity).initialize(repeating: Buffer(base: nil, count: 0, capacity: 0), count: size - slotCapacity)
        buffers.deallocate()
        buffers = grown
        slotCapacity = size
    }

    private func enlarge(_ buffer: UnsafeMutablePointer<Buffer>) {
        let capacity = max(buffer.pointee.capacity * 2, 16)
        let base = UnsafeMutablePointer<TraceStep>.allocate(capacity: capacity)
        if let old = buffer.pointee.base {
            base.moveInitialize(from: old, count: buffer.pointee.count)
            old.deallocate()
        }
        buffer.pointee.base = base
        buffer.pointee.capacity = capacity
    }
}

/// Session number -> slot for the sessions a chunk reader holds open: open addressing
/// over a power-of-two table with a multiplicative hash (session numbers are dense, and a
/// chunk holds some thousands open at once), deletion by backward shift so probes stay short.
struct SessionSlots {
    private var numbers: [Int64]
    private var slots: [Int32]
    private var mask: Int
    private(set) var count = 0

    /// Marks an empty place.
    private static let empty = Int64.min

    init(capacity: Int = 4096) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        numbers = Array(repeating: Self.empty, count: size)
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always)
    private func home(_ number: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: number) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The slot of a session, or nil.
    @inline(__always)
    func slot(of number: Int64) -> Int32? {
        var index = home(number)
        while true {
            let found = numbers[index]
            if found == number { return slots[index] }
            if found == Self.empty { return nil }
            index = (index + 1) & mask
        }
    }

    /// Records a session's slot (the session must not be in the table).
    mutating func insert(_ number: Int64, slot: Int32) {
        precondition(number != Self.empty, "session number out of range")
        if (count + 1) * 2 > numbers.count { grow() }
        var index = home(number)
        while numbers[index] != Self.empty { index = (index + 1) & mask }
        numbers[index] = number
        slots[index] = slot
        count += 1
    }

    /// Removes a session (if there).
    mutating func remove(_ number: Int64) {
        var index = home(number)
        while numbers[index] != number {
            if numbers[index] == Self.empty { return }
            index = (index + 1) & mask
        }
        // Backward shift: move later entries of the run up into the gap when their home allows.
        var gap = index
        var next = (gap + 1) & mask
        while numbers[next] != Self.empty {
            let wanted = home(numbers[next])
            // The entry may fill the gap when the gap lies on its probe path (home ... next).
            if (next &- wanted) & mask >= (next &- gap) & mask {
                numbers[gap] = numbers[next]
                slots[gap] = slots[next]
                gap = next
            }
            next = (next + 1) & mask
        }
        numbers[gap] = Self.empty
        slots[gap] = -1
        count -= 1
    }

    /// Every (number, slot) in the table, in no particular order.
    var entries: [(number: Int64, slot: Int32)] {
        numbers.indices.compactMap { numbers[$0] == Self.empty ? nil : (numbers[$0], slots[$0]) }
    }

    private mutating func grow() {
        let old = entries
        var size = numbers.count * 2
        while size < (count + 1) * 2 { size <<= 1 }
        numbers = Array(repeating: Self.empty, count: size)
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        count = 0
        for (number, slot) in old { insert(number, slot: slot) }
    }
}
