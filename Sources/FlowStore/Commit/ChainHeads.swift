#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import FlowRuntime

/// Where a session's chain ends: its last record's sequence and hash, the session's number
/// in the store, and the timers its rows in the timers table hold.
struct ChainHead: Sendable, Equatable {
    var number: Int64
    var sequence: Int64
    var hash: String
    /// Nil when not known here (the writer then reads them from the stored state).
    var timers: [ArmedTimer]?
}

/// The chain heads of sessions this store wrote lately, so that a session's next step is
/// chained by its own task and checked by the writer without reading the sessions table.
///
/// Only the writer changes it, and only after a transaction has committed; committing
/// tasks read it to chain ahead. Bounded: when it holds `capacity` sessions it starts
/// over (an absent head costs the writer one primary-key read), and ended sessions leave
/// at once, so a million idle sessions in the store cost no memory here.
final class ChainHeads: @unchecked Sendable {
    // Guarded by `mutex`.
    private var heads: [String: ChainHead] = [:]
    private var mutex = pthread_mutex_t()
    let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
        pthread_mutex_init(&mutex, nil)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }

    /// The hash of the session's record `sequence`, when that is its last one known here.
    func hash(of session: String, at sequence: Int64) -> String? {
        locked {
            guard let head = heads[session], head.sequence == sequence else { return nil }
            return head.hash
        }
    }

    func head(of session: String) -> ChainHead? {
        locked { heads[session] }
    }

    /// Records what a committed transaction wrote: new heads, and sessions that ended.
    func apply(_ written: [String: ChainHead], ended: [String]) {
        locked {
            if heads.count + written.count > capacity { heads.removeAll() }
            for (session, head) in written { heads[session] = head }
            for session in ended { heads[session] = nil }
        }
    }

    func forget(_ session: String) {
        _ = locked { heads.removeValue(forKey: session) }
    }

    func removeAll() {
        locked { heads.removeAll() }
    }
}
