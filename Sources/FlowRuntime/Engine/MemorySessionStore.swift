/// A `SessionStore` that keeps everything in memory: the whole contract (atomic steps,
/// duplicate events refused, records chained, sequences checked), durable only as long as
/// the process lives. For walk-throughs, demos and simulations that need no database;
/// `FlowStore`'s SQLite store is the durable one.
public actor MemorySessionStore: SessionStore {
    private var sessions: [String: SessionState] = [:]
    private var logs: [String: [LogRecord]] = [:]
    private var receipts: [String: [String: EventReceipt]] = [:]

    public init() {}

    public func commit(_ step: StepCommit) async throws {
        let id = step.session.id
        if let receipt = step.receipt, receipts[id]?[receipt.event] != nil {
            throw StoreError.duplicateEvent(session: id, event: receipt.event)
        }
        let log = logs[id] ?? []
        var expected = (log.last?.sequence ?? 0) + 1
        for record in step.records {
            guard record.sequence == expected else {
                throw StoreError.sequenceGap(session: id, expected: expected, found: record.sequence)
            }
            expected += 1
        }
        logs[id] = log + RecordHashing.chain(step.records.map(\.logRecord), after: log.last?.hash ?? RecordHashing.genesis)
        sessions[id] = step.session
        if let receipt = step.receipt { receipts[id, default: [:]][receipt.event] = receipt }
    }

    public func session(id: String) async throws -> SessionState? { sessions[id] }

    public func receipt(session: String, event: String) async throws -> EventReceipt? { receipts[session]?[event] }

    public func dueTimers(through time: Int64, limit: Int) async throws -> [DueTimer] {
        let due = sessions.values.filter(\.isActive).flatMap { state in
            state.timers.filter { $0.due <= time }.map { DueTimer(session: state.id, timer: $0) }
        }
        return Array(due.sorted { ($0.timer.due, $0.session) < ($1.timer.due, $1.session) }.prefix(limit))
    }

    public func nextTimerDue() async throws -> Int64? {
        sessions.values.filter(\.isActive).flatMap(\.timers).map(\.due).min()
    }

    /// A session's log, chained.
    public func log(session: String) -> [LogRecord] { logs[session] ?? [] }

    public var sessionCount: Int { sessions.count }
    public var recordCount: Int { logs.values.reduce(0) { $0 + $1.count } }
}
