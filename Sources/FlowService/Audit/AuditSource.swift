import FlowAudit
import FlowRuntime
import FlowStore
import Foundation

/// The audit's side of the service: the session store opened a second time, read-only
/// (SQLite WAL: readers never block the engine's writer, and the engine's connection is
/// never used), the catalog of published versions it measures against, and the QA store
/// beside it.
///
/// ```swift
/// let source = AuditSource(storePath: host.store.path)
/// let figures = try await source.work { store, audit in try AuditMeasurement(...).run() }
/// ```
///
/// Audits are CPU-heavy and block on their scanner's reader thread, so `work` runs them on
/// a thread of their own, never on the cooperative pool that serves the engine's requests.
final class AuditSource: @unchecked Sendable {
    let storePath: String
    /// The QA store's file: `flowmap.qa.sqlite` beside `flowmap.sqlite`.
    var qaPath: String { QAStore.path(besideStore: storePath) }

    // Guarded by `lock`.
    private let lock = NSLock()
    private var onlyStore: AuditStore?
    private var opened: (store: AuditStore, audit: AuditCatalog)?
    private var qa: QAStore?
    private var sessions: SQLiteSessionStore?

    init(storePath: String) {
        self.storePath = storePath
    }

    /// Runs `body` on a thread of its own with the read-only store and its catalog. When the
    /// log names a version published after the catalog was loaded, the catalog is loaded
    /// again and `body` runs once more.
    func work<T: Sendable>(_ body: @escaping @Sendable (AuditStore, AuditCatalog) throws -> T) async throws -> T {
        try await Self.offPool { [self] in
            let (store, audit) = try catalog(reload: false)
            do {
                return try body(store, audit)
            } catch AuditError.unpublishedVersion {
                let (store, audit) = try catalog(reload: true)
                return try body(store, audit)
            }
        }
    }

    /// Runs `body` on a thread of its own with the read-only store only (no catalog needed:
    /// the QA store's listings, a session's record count).
    func workOnStore<T: Sendable>(_ body: @escaping @Sendable (AuditStore) throws -> T) async throws -> T {
        try await Self.offPool { [self] in try body(try store()) }
    }

    /// The store, opened read-only on first use.
    func store() throws -> AuditStore {
        lock.lock()
        defer { lock.unlock() }
        if let store = opened?.store ?? onlyStore { return store }
        let store = try AuditStore(path: storePath)
        onlyStore = store
        return store
    }

    /// The store and its catalog, loaded on first use (or again when asked).
    func catalog(reload: Bool) throws -> (AuditStore, AuditCatalog) {
        let store = try store()
        lock.lock()
        defer { lock.unlock() }
        if !reload, let opened { return opened }
        let loaded = (store, try AuditCatalog(store: store))
        opened = loaded
        return loaded
    }

    /// The QA store beside the session store, created on first use (it is written only by
    /// draws and inspections).
    func qaStore() throws -> QAStore {
        lock.lock()
        defer { lock.unlock() }
        if let qa { return qa }
        let made = try QAStore(path: qaPath)
        qa = made
        return made
    }

    /// Current verdicts for the field-use figures, read from the QA store read-only; none
    /// when there is no QA store yet.
    func inspections() throws -> InspectionVerdicts {
        guard FileManager.default.fileExists(atPath: qaPath) else { return .none }
        return InspectionVerdicts(bySession: try QAStore.currentVerdicts(besideStore: storePath), hasQAStore: true)
    }

    /// A session's customer, read from the store read-only (nil: no such session).
    func customer(of session: String) async throws -> String? {
        let store: SQLiteSessionStore = try {
            lock.lock()
            defer { lock.unlock() }
            if let sessions { return sessions }
            let made = try SQLiteSessionStore(path: storePath, readOnly: true)
            sessions = made
            return made
        }()
        return try await store.session(id: session)?.customer
    }

    /// Runs blocking work on a new thread and waits for it without holding a thread of the
    /// cooperative pool.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let thread = Thread {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "flowmap audit"
            thread.stackSize = 1 << 23
            thread.start()
        }
    }
}
