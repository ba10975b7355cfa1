import Foundation

/// What the operations middleware learns about one request while the routes handle it:
/// the session a durable step was written for, and when it became durable.
///
/// It is reached through a task-local value: the engine tells its step listeners on the
/// request's own task (an actor's method runs in its caller's task), so the metrics'
/// listener can mark the request's step as durable without the routes knowing.
final class RequestTrace: @unchecked Sendable {
    @TaskLocal static var current: RequestTrace?

    let started: ContinuousClock.Instant
    private let lock = NSLock()
    private var _session: String?
    private var _durableAt: ContinuousClock.Instant?

    init(started: ContinuousClock.Instant = .now) {
        self.started = started
    }

    /// A step of `session` is durable now (the first one counts for the latency).
    func committed(session: String) {
        let now = ContinuousClock.now
        lock.lock()
        defer { lock.unlock() }
        if _session == nil { _session = session }
        if _durableAt == nil { _durableAt = now }
    }

    /// The session of the request's durable step, if it had one.
    var session: String? {
        lock.lock()
        defer { lock.unlock() }
        return _session
    }

    /// The time from the request to its durable step, if it had one.
    var durableAfter: Duration? {
        lock.lock()
        defer { lock.unlock() }
        return _durableAt.map { $0 - started }
    }
}
