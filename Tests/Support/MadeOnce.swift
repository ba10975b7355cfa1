/// A value an async body makes once, on first use, for the tests of a process to share
/// (a simulated store, its exports). Callers that come while it is being made wait for
/// that same making: an actor that cached the value after an `await` would be entered
/// again during it and start the making once per caller.
public actor MadeOnce<Value: Sendable> {
    private let make: @Sendable () async throws -> Value
    private var making: Task<Value, any Error>?

    public init(_ make: @escaping @Sendable () async throws -> Value) {
        self.make = make
    }

    /// The value, made by the first call; a failure is every caller's failure.
    public func value() async throws -> Value {
        if let making { return try await making.value }
        let task = Task { try await make() }
        making = task
        return try await task.value
    }
}
