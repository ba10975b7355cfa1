import FlowConformance
import Foundation

/// The hand-off between the scanner's reader thread and the thread that measures: batches
/// of finished sessions, at most `capacity` waiting, so the reader never runs far ahead
/// and memory stays bounded.
final class SessionBatchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    // Guarded by `condition`.
    private var batches: [[SessionTrace]] = []
    private var head = 0
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?

    init(capacity: Int = 8) {
        self.capacity = capacity
    }

    /// Adds a batch, waiting while the queue is full; false when the consumer has stopped.
    func push(_ batch: [SessionTrace]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count - head >= capacity, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// The next batch; nil when the reader has finished and everything was taken.
    /// - Throws: the reader's failure, as soon as it happens.
    func pop() throws -> [SessionTrace]? {
        condition.lock()
        defer { condition.unlock() }
        while head == batches.count, !finished, failure == nil { condition.wait() }
        if let failure { throw failure }
        guard head < batches.count else { return nil }
        let batch = batches[head]
        batches[head] = []
        head += 1
        if head > 64 {
            batches.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return batch
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
