/// The SMS adapter's open conversations: per customer number, the session its last message
/// went to. Messages from one number are handled one at a time, in the order they arrive;
/// other numbers go on meanwhile.
actor SMSConversations {
    private var sessions: [String: String] = [:]
    private var busy: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// The session the number's last message went to.
    func session(of number: String) -> String? { sessions[number] }

    func remember(_ session: String, for number: String) { sessions[number] = session }

    /// Runs `body` once no other message from `number` is being handled.
    func handling<T: Sendable>(_ number: String, _ body: @Sendable () async throws -> T) async throws -> T {
        while busy.contains(number) {
            await withCheckedContinuation { waiting[number, default: []].append($0) }
        }
        busy.insert(number)
        defer {
            busy.remove(number)
            if var queue = waiting[number], !queue.isEmpty {
                queue.removeFirst().resume()
                waiting[number] = queue.isEmpty ? nil : queue
            }
        }
        return try await body()
    }
}
