import FlowRuntime
import Foundation

/// Fans the engine's step notices out to whoever listens: the live stream of one session
/// (agent desktops), or every step (metrics).
///
/// Listeners are called on the engine's executor, right after the step is durable: they
/// must return at once (hand the notice to a buffer or an `AsyncStream` and go).
public final class StepBroadcast: @unchecked Sendable {
    public typealias Listener = @Sendable (StepNotice) -> Void

    /// What `subscribe` gives back, to unsubscribe with.
    public struct Subscription: Sendable, Hashable {
        let id: Int
        let session: String?
    }

    private let lock = NSLock()
    private var next = 0
    private var everyStep: [Int: Listener] = [:]
    private var bySession: [String: [Int: Listener]] = [:]

    public init() {}

    /// Listens to the steps of one session, or of every session when `session` is nil.
    public func subscribe(session: String? = nil, _ listener: @escaping Listener) -> Subscription {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        if let session {
            bySession[session, default: [:]][next] = listener
        } else {
            everyStep[next] = listener
        }
        return Subscription(id: next, session: session)
    }

    public func unsubscribe(_ subscription: Subscription) {
        lock.lock()
        defer { lock.unlock() }
        if let session = subscription.session {
            bySession[session]?[subscription.id] = nil
            if bySession[session]?.isEmpty == true { bySession[session] = nil }
        } else {
            everyStep[subscription.id] = nil
        }
    }

    /// Listeners of one session now (for tests and `/metrics`).
    public func listeners(of session: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return bySession[session]?.count ?? 0
    }

    /// Tells every listener of the step's session and every listener of all steps.
    public func publish(_ notice: StepNotice) {
        lock.lock()
        var listeners = Array(everyStep.values)
        if let ofSession = bySession[notice.response.session] { listeners.append(contentsOf: ofSession.values) }
        lock.unlock()
        for listener in listeners { listener(notice) }
    }
}
