import Foundation

/// The service's door during a graceful shutdown: open while serving; once closed, new
/// requests are answered 503 `shutting-down` while the requests already inside finish
/// (their events reach the log and are answered).
///
/// ```swift
/// guard gate.enter() else { return shuttingDown }   // a request arrives
/// defer { gate.leave() }
/// ...
/// gate.close(); await gate.drained(within: .seconds(10))   // on SIGTERM
/// ```
public final class ShutdownGate: @unchecked Sendable {
    private let lock = NSLock()
    private var closed = false
    private var inside = 0

    public init() {}

    /// Lets a request in, or says no when the gate is closed.
    func enter() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return false }
        inside += 1
        return true
    }

    /// A request let in has been answered.
    func leave() {
        lock.lock()
        defer { lock.unlock() }
        inside -= 1
    }

    /// Stops letting requests in.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        closed = true
    }

    public var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closed
    }

    /// Requests let in and not yet answered.
    public var requestsInside: Int {
        lock.lock()
        defer { lock.unlock() }
        return inside
    }

    /// Returns once the gate is closed and every request inside has been answered, or
    /// after `grace`, whichever is first; true when drained. Looks every 5 ms: a shutdown
    /// happens once, and polling keeps the gate free of parked continuations.
    public func drained(within grace: Duration) async -> Bool {
        let deadline = ContinuousClock.now + grace
        while true {
            let done = lock.withLock { closed && inside == 0 }
            if done { return true }
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
