/// The SMS adapter's followers: one task per open conversation, reading its session's
/// stream for the steps the service takes on its own (`SMSWebhooks.follow`). A session has
/// at most one; all stop when the adapter stops.
actor SMSFollowers {
    private var running: [String: (id: Int, task: Task<Void, Never>)] = [:]
    private var made = 0
    private var stopped = false

    /// Starts `body` for `session` unless one runs already (or the adapter has stopped).
    func start(_ session: String, _ body: @escaping @Sendable () async -> Void) {
        guard !stopped, running[session] == nil else { return }
        made += 1
        let id = made
        running[session] = (id, Task { [weak self] in
            await body()
            await self?.finished(session, id)
        })
    }

    /// Whether a follower runs for `session`.
    func isFollowing(_ session: String) -> Bool {
        running[session] != nil
    }

    private func finished(_ session: String, _ id: Int) {
        if running[session]?.id == id { running[session] = nil }
    }

    /// Stops every follower, and any started later.
    func stopAll() {
        stopped = true
        for follower in running.values { follower.task.cancel() }
        running = [:]
    }
}
