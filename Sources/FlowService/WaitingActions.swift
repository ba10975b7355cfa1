import FlowRuntime
import Foundation

/// The actions of each session's last step, for `GET /v1/sessions/{id}` and
/// `/actions` (what the adapter should be doing now): the answers given through this server,
/// and the steps its timers took (a collect's no-input re-prompt, a wait's deadline), which
/// no route answers (`follow`). Kept in memory for at most `capacity` sessions; an ended
/// session keeps only its last sequence (no actions), so that no older step is taken for it.
///
/// A lock, not an actor: the timers' steps are recorded on the engine's executor as they are
/// committed (before `fireDueTimers` returns), so a reader right after sees them.
final class WaitingActions: @unchecked Sendable {
    // Guarded by `lock`.
    private var actions: [String: (sequence: Int64, actions: [RenderedAction]?)] = [:]
    private var order: [String] = []
    private let capacity: Int
    private let lock = NSLock()

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// Keeps the actions of the steps the engine's timers take (event ids `timer:...`) until
    /// `unsubscribe`; the routes record their own answers as they give them.
    func follow(_ steps: StepBroadcast) -> StepBroadcast.Subscription {
        steps.subscribe { [self] notice in
            guard notice.event?.hasPrefix("timer:") == true else { return }
            record(notice.response)
        }
    }

    /// Keeps a step's actions, unless a later step of the session is already kept: the
    /// route's answer and the step's notice arrive in either order, and a retry's replayed
    /// answer is older than what is kept.
    func record(_ response: EventResponse) {
        lock.lock()
        defer { lock.unlock() }
        if let kept = actions[response.session], response.lastSequence != 0, kept.sequence > response.lastSequence { return }
        if response.ended != nil {
            // Kept as ended (no actions) so that a late notice of an earlier step is not taken.
            if actions.updateValue((response.lastSequence, nil), forKey: response.session) == nil {
                order.append(response.session)
            }
            trim()
            return
        }
        if actions.updateValue((response.lastSequence, response.actions), forKey: response.session) == nil {
            order.append(response.session)
        }
        trim()
    }

    private func trim() {
        if order.count > capacity {
            // Forget the oldest half of the sessions recorded, skipping those already gone.
            let dropped = order.prefix(order.count / 2)
            for session in dropped { actions[session] = nil }
            order.removeFirst(dropped.count)
            order.removeAll { actions[$0] == nil }
        }
    }

    /// The actions of the session's last step; nil when none is kept or the session has ended.
    func actions(of session: String) -> [RenderedAction]? {
        lock.lock()
        defer { lock.unlock() }
        return actions[session]?.actions ?? nil
    }
}
