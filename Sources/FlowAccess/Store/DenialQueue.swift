import Foundation
import GRDB

/// Writes denied requests to the access log in batches, off the request's path.
///
/// A denial is answered at once; its log entry is written with the others that arrived
/// within `delay` in one transaction (one fsync), so a flood of bad tokens costs one commit
/// per batch, not one per request. Reading the log (`KeyStore.log()`) writes what is queued
/// first. Beyond `capacity` queued entries (a flood faster than the disk), further denials
/// are counted per key and reason and written as one summary entry each ("and N more").
/// A crash can lose the denials of the last `delay` (they were refused, not acknowledged).
final class DenialQueue: @unchecked Sendable {
    struct Denial {
        var at: Int64
        var key: String?
        var route: String
        var reason: String
    }

    /// How long a denial waits for others to share its commit.
    let delay: DispatchTimeInterval
    /// Denials queued at most before the rest are summarised.
    let capacity: Int

    private let pool: DatabasePool
    private let lock = NSLock()
    /// Held by a flush from taking the queued denials until they are written: a flush that
    /// finds the queue empty returns only once an earlier one's denials are in the log.
    private let writing = NSLock()
    private var pending: [Denial] = []
    /// Denials over capacity: (key, reason) -> how many, the first one kept as the sample.
    private var overflow: [String: (sample: Denial, count: Int)] = [:]
    private var scheduled = false
    private let queue = DispatchQueue(label: "flowmap.keys.denials")

    init(pool: DatabasePool, capacity: Int = 10_000, delay: DispatchTimeInterval = .milliseconds(20)) {
        self.pool = pool
        self.capacity = capacity
        self.delay = delay
    }

    deinit {
        try? flush()
    }

    /// Queues a denial; a write follows within `delay`.
    func add(_ denial: Denial) {
        lock.lock()
        if pending.count < capacity {
            pending.append(denial)
        } else {
            let slot = "\(denial.key ?? "?")\u{1F}\(denial.reason.prefix { $0 != ":" })"
            if let existing = overflow[slot] {
                overflow[slot] = (existing.sample, existing.count + 1)
            } else {
                overflow[slot] = (denial, 1)
            }
        }
        let schedule = !scheduled
        scheduled = true
        lock.unlock()
        if schedule {
            queue.asyncAfter(deadline: .now() + delay) { [weak self] in
                try? self?.flush()
            }
        }
    }

    /// Writes every queued denial now, in one transaction.
    func flush() throws {
        writing.lock()
        defer { writing.unlock() }
        lock.lock()
        let batch = pending
        let summaries = overflow
        pending.removeAll(keepingCapacity: true)
        overflow.removeAll()
        scheduled = false
        lock.unlock()
        guard !batch.isEmpty || !summaries.isEmpty else { return }
        do {
            try pool.write { db in
                var owners: [String: String?] = [:]
                func owner(_ key: String?) throws -> String? {
                    guard let key else { return nil }
                    if let known = owners[key] { return known }
                    let found = try String.fetchOne(db, sql: "SELECT owner FROM keys WHERE id = ?", arguments: [key])
                    owners[key] = found
                    return found
                }
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO access_log (at, action, by, key, owner, route, reason) VALUES (?, 'denial', ?, ?, ?, ?, ?)")
                for denial in batch {
                    let known = try owner(denial.key)
                    try insert.execute(arguments: [denial.at, known ?? "?", denial.key, known, denial.route, denial.reason])
                }
                for (_, summary) in summaries.sorted(by: { $0.value.sample.at < $1.value.sample.at }) {
                    let denial = summary.sample
                    let known = try owner(denial.key)
                    let reason =
                        summary.count == 1
                        ? denial.reason
                        : "\(denial.reason) (and \(summary.count - 1) more like it not logged one by one: over \(capacity) denials queued)"
                    try insert.execute(arguments: [denial.at, known ?? "?", denial.key, known, denial.route, reason])
                }
            }
        } catch {
            // Put them back so that the next flush tries again.
            lock.lock()
            pending.insert(contentsOf: batch, at: 0)
            lock.unlock()
            throw error
        }
    }
}
