import Foundation
import GRDB

/// Keys already read from the key store, so that a request does not read the store again
/// for a key it knows, with the store's change counter as the guard: any commit to the key
/// store (by this process or another, e.g. `flowmap keys disable` on the same host) empties
/// the cache before the next verification, so a disabled key is refused on its very next
/// request.
///
/// The counter is SQLite's `PRAGMA data_version`, read on a connection of its own: it
/// changes whenever another connection commits to the file.
final class VerifiedKeys: @unchecked Sendable {
    struct Entry {
        let secretDigest: [UInt8]
        let key: AccessKey
    }

    /// Keys held at most; the cache is emptied when full (keys are few: one per person or system).
    static let capacity = 10_000

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var version: Int64 = -1
    private let watcher: DatabaseQueue?

    /// - Parameter path: the key store's file; with nil the cache holds nothing (read-only stores).
    init(path: String?) {
        guard let path else {
            watcher = nil
            return
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        watcher = try? DatabaseQueue(path: path, configuration: configuration)
    }

    /// The entry for a key id if the store has not changed since it was read.
    func entry(id: String) -> Entry? {
        guard let current = currentVersion() else { return nil }
        lock.lock()
        defer { lock.unlock() }
        if current != version {
            entries.removeAll(keepingCapacity: true)
            version = current
            return nil
        }
        return entries[id]
    }

    /// Keeps what was just read, if the store has not changed since `entry(id:)` was asked.
    func keep(_ entry: Entry, id: String) {
        guard let current = currentVersion() else { return }
        lock.lock()
        defer { lock.unlock() }
        guard current == version else { return }
        if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
        entries[id] = entry
    }

    /// Forgets every key (after a write through this store).
    func clear() {
        lock.lock()
        entries.removeAll(keepingCapacity: true)
        version = -1
        lock.unlock()
    }

    private func currentVersion() -> Int64? {
        guard let watcher else { return nil }
        // A cached statement: parsing the pragma again on every request cost more than reading it.
        return try? watcher.inDatabase { db in try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) }
    }
}
