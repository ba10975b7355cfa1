import Foundation

/// Lines typed on standard input (or piped into it), read on a thread of their own so that
/// waiting for one can end at a timeout: what a caller keys, or an agent types.
final class TerminalLines: @unchecked Sendable {
    enum Read: Equatable {
        case line(String)
        case timeout
        /// Standard input ended (EOF).
        case closed
    }

    private let lock = NSLock()
    private var buffered: [String] = []
    private var closed = false
    private var waiter: (id: Int, continuation: CheckedContinuation<Read, Never>)?
    private var waits = 0

    init() {
        Thread.detachNewThread { [self] in
            while let line = readLine(strippingNewline: true) { deliver(line) }
            deliver(nil)
        }
    }

    /// The next line, or `.timeout` after `seconds` (nil: wait as long as it takes).
    func next(timeout seconds: Double?) async -> Read {
        await withCheckedContinuation { continuation in
            lock.lock()
            if !buffered.isEmpty {
                let line = buffered.removeFirst()
                lock.unlock()
                return continuation.resume(returning: .line(line))
            }
            if closed {
                lock.unlock()
                return continuation.resume(returning: .closed)
            }
            waits += 1
            let id = waits
            waiter = (id, continuation)
            lock.unlock()
            if let seconds {
                Task {
                    try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9))
                    self.expire(id)
                }
            }
        }
    }

    private func deliver(_ line: String?) {
        lock.lock()
        if line == nil { closed = true }
        if let waiting = waiter {
            waiter = nil
            lock.unlock()
            waiting.continuation.resume(returning: line.map(Read.line) ?? .closed)
            return
        }
        if let line { buffered.append(line) }
        lock.unlock()
    }

    private func expire(_ id: Int) {
        lock.lock()
        guard let waiting = waiter, waiting.id == id else { return lock.unlock() }
        waiter = nil
        lock.unlock()
        waiting.continuation.resume(returning: .timeout)
    }
}
