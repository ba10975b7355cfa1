/// One FIFO lock per session: a session's events are applied strictly one at a time, in
/// the order they arrived, while other sessions go on. Used from the engine's actor only.
struct SessionLocks {
    /// A held session's waiters, in arrival order; no entry means free.
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Takes the lock if it is free.
    mutating func tryLock(_ session: String) -> Bool {
        guard waiting[session] == nil else { return false }
        waiting[session] = []
        return true
    }

    /// Queues a caller; `unlock` resumes it, handing it the lock.
    mutating func enqueue(_ session: String, _ continuation: CheckedContinuation<Void, Never>) {
        waiting[session, default: []].append(continuation)
    }

    /// Hands the lock to the next waiter, or frees it.
    mutating func unlock(_ session: String) {
        guard var queue = waiting[session] else { return }
        if queue.isEmpty {
            waiting[session] = nil
        } else {
            let next = queue.removeFirst()
            waiting[session] = queue
            next.resume()
        }
    }

    /// Sessions with an event in progress.
    var held: Int { waiting.count }
}
