import Foundation

/// Where the engine's time comes from: the system clock in production, a clock set by
/// hand in tests. Milliseconds since 1970.
public protocol EngineClock: Sendable {
    func now() -> Int64
    /// Suspends until `time`, or until cancelled.
    func sleep(until time: Int64) async throws
}

/// The real clock.
public struct SystemClock: EngineClock {
    public init() {}

    public func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    public func sleep(until time: Int64) async throws {
        let delay = time - now()
        if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay) * 1_000_000) }
    }
}

/// A clock that moves only when told: timers fall due exactly when a test says so.
public final class ManualClock: EngineClock, @unchecked Sendable {
    // Guarded by `lock`.
    private var current: Int64
    private var sleepers: [(until: Int64, continuation: CheckedContinuation<Void, Never>)] = []
    private let lock = PThreadLock()

    public init(now: Int64) {
        current = now
    }

    public func now() -> Int64 { lock.withLock { current } }

    /// Moves time forward and wakes whoever sleeps until then.
    public func advance(by milliseconds: Int64) {
        let woken: [CheckedContinuation<Void, Never>] = lock.withLock {
            current += milliseconds
            let due = sleepers.filter { $0.until <= current }.map(\.continuation)
            sleepers.removeAll { $0.until <= current }
            return due
        }
        woken.forEach { $0.resume() }
    }

    public func sleep(until time: Int64) async throws {
        await withCheckedContinuation { continuation in
            let ready = lock.withLock {
                if time <= current { return true }
                sleepers.append((time, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
