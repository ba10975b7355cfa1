import FlowRuntime

extension ServiceError {
    /// The API's answer when the engine refuses: unknown session 404, a contact point no
    /// flow serves 422, an event the state does not take 409, the store failing 503.
    init(_ error: EngineError) {
        switch error {
        case .unknownSession(let id):
            self.init(.notFound, "unknown-session", "no session '\(id)'")
        case .notServed(let reason):
            self.init(.unprocessableContent, "not-served", reason)
        case .refused(let step):
            self.init(.conflict, "event-refused", "the session's current state does not take this event: \(step)")
        case .missingVersion:
            self.init(.internalServerError, "missing-version", error.description)
        case .storage:
            self.init(.serviceUnavailable, "storage", error.description)
        }
    }
}
