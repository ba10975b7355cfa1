import Foundation

/// The hand-off between one of the scanner's reader threads and the thread that measures:
/// batches in order, at most `capacity` units of weight (trace steps) waiting, so a reader
/// never runs further ahead than that and memory stays bounded.
final class BatchQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    // Guarded by `condition`.
    private var batches: [(elements: [Element], weight: Int)] = []
    private var head = 0
    private var waiting = 0
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds a batch of `weight`, waiting while the queue holds `capacity` or more (a batch
    /// heavier than `capacity` goes in alone); false when the consumer has stopped.
    func push(_ batch: [Element], weight: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while waiting > 0, waiting + weight > capacity, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append((batch, weight))
        waiting += weight
        condition.broadcast()
        return true
    }

    /// The next batch; nil when the reader has finished and everything was taken.
    /// - Throws: the reader's failure, as soon as it happens.
    func pop() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while head == batches.count, !finished, failure == nil { condition.wait() }
        if let failure { throw failure }
        guard head < batches.count else { return nil }
        let batch = batches[head]
        batches[head] = ([], 0)
        head += 1
        waiting -= batch.weight
        if head > 64 {
            batches.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return batch.elements
    }

    /// The reader is done (with an error, if it failed).
    func finish(failure: (any Error)? = nil) {
        condition.lock()
        self.failure = failure
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer stops taking batches; the reader stops at its next push.
    func cancel() {
        condition.lock()
        cancelled = true
        batches.removeAll()
        head = 0
        waiting = 0
        condition.broadcast()
        condition.unlock()
    }

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Waits until the reader has finished.
    func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
