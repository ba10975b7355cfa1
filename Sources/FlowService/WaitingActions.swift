import FlowRuntime

/// The actions of each session's last answer through this server, for
/// `GET /v1/sessions/{id}` (what the adapter should be doing now). Kept in memory for at
/// most `capacity` sessions; ended sessions are dropped.
actor WaitingActions {
    private var actions: [String: [RenderedAction]] = [:]
    private var order: [String] = []
    private let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    func record(_ response: EventResponse) {
        if response.ended != nil {
            actions[response.session] = nil
            return
        }
        if actions.updateValue(response.actions, forKey: response.session) == nil {
            order.append(response.session)
        }
        if order.count > capacity {
            // Forget the oldest half of the sessions recorded, skipping those already gone.
            let dropped = order.prefix(order.count / 2)
            for session in dropped { actions[session] = nil }
            order.removeFirst(dropped.count)
            order.removeAll { actions[$0] == nil }
        }
    }

    func actions(of session: String) -> [RenderedAction]? { actions[session] }
}
