import FlowRuntime
import Foundation
import GRDB
import GRDBSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies the WAL back into the database file on a thread and connection of its own, so
/// that the writer never stops to checkpoint.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold (1,000
/// pages by default), on the writer's thread: measured here it cost the durable benchmark
/// a third of its throughput (38 k against 55-60 k records/s). And each checkpoint copies
/// every page that changed since the last one, so the hot pages (live sessions, the ends of
/// the indexes) were copied again every thousand pages. Here the writer only notes the
/// WAL's size after each commit (`sqlite3_wal_hook`); past half of `threshold` pages this
/// thread runs a passive checkpoint, which copies the committed frames without blocking the
/// writer or readers. Past `threshold`, once that pass is done, the writer runs a passive
/// checkpoint itself between two batches (`finishCheckpoint`): only the few frames committed
/// since are left to copy, and the WAL then starts over from its beginning at the next
/// commit. That matters as much as the copying: a WAL that only grows makes every commit's
/// fsync also sync the file's new size, and measured here a commit then took several times
/// as long. Should the WAL grow past `limit` pages anyway, the writer truncates it.
final class Checkpointer: @unchecked Sendable {
    // `walPages` is written by the writer's hook and read here, under `mutex`.
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var walPages: Int32 = 0
    private var pagesWritten = 0
    private var requested = false
    private var checkpointing = false
    private var stopping = false
    private var running = true
    private var connection: OpaquePointer?

    let threshold: Int32
    let limit: Int32

    init(path: String, threshold: Int32 = 16_384, limit: Int32 = 262_144) throws {
        self.threshold = threshold
        self.limit = limit
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw StoreError.unavailable("the checkpointer cannot open \(path): \(message)")
        }
        connection = handle
        sqlite3_busy_timeout(handle, 10_000)
        // Checkpoints sync the database file after copying into it.
        sqlite3_exec(handle, "PRAGMA synchronous = FULL; PRAGMA cache_size = -2048", nil, nil, nil)
        let thread = Thread { [self] in
            Thread.current.name = "store-ckpt"
            run()
        }
        thread.start()
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    /// Hooks the writer connection: its automatic checkpoint is turned off and every commit
    /// reports the WAL's size here.
    func attach(to db: Database) throws {
        try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_wal_hook(db.sqliteConnection, { context, _, _, pages in
            Unmanaged<Checkpointer>.fromOpaque(context!).takeUnretainedValue().committed(walPages: pages)
            return SQLITE_OK
        }, context)
    }

    /// Unhooks the writer connection and gives it back SQLite's automatic checkpoint (for
    /// writes after the store has closed, such as publishing).
    func detach(from db: Database) throws {
        sqlite3_wal_hook(db.sqliteConnection, nil, nil)
        try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000")
    }

    /// Called on the writer's thread after each commit.
    private func committed(walPages pages: Int32) {
        pthread_mutex_lock(&mutex)
        pagesWritten += Int(pages >= walPages ? pages - walPages : pages)
        walPages = pages
        if pages >= threshold / 2, !requested, !checkpointing {
            requested = true
            pthread_cond_signal(&condition)
        }
        pthread_mutex_unlock(&mutex)
    }

    /// Pages written to the WAL since the store opened.
    var walPagesWritten: Int {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return pagesWritten
    }

    /// Between two batches, on the writer connection: past `threshold` pages, and once the
    /// background pass is done, copies what is left so that the WAL starts over; past
    /// `limit`, checkpoints and truncates it whatever it takes (readers finish first).
    func finishCheckpoint(_ db: Database) {
        pthread_mutex_lock(&mutex)
        let pages = walPages
        let busy = checkpointing || requested
        pthread_mutex_unlock(&mutex)
        if pages >= limit {
            sqlite3_wal_checkpoint_v2(db.sqliteConnection, nil, SQLITE_CHECKPOINT_TRUNCATE, nil, nil)
        } else if pages >= threshold, !busy {
            sqlite3_wal_checkpoint_v2(db.sqliteConnection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
    }

    /// Stops the thread and closes its connection.
    func stop() {
        pthread_mutex_lock(&mutex)
        stopping = true
        pthread_cond_broadcast(&condition)
        while running { pthread_cond_wait(&condition, &mutex) }
        pthread_mutex_unlock(&mutex)
        sqlite3_close(connection)
        connection = nil
    }

    private func run() {
        pthread_mutex_lock(&mutex)
        while !stopping {
            if !requested {
                pthread_cond_wait(&condition, &mutex)
                continue
            }
            checkpointing = true
            requested = false
            pthread_mutex_unlock(&mutex)
            sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            pthread_mutex_lock(&mutex)
            checkpointing = false
        }
        running = false
        pthread_cond_broadcast(&condition)
        pthread_mutex_unlock(&mutex)
    }
}
