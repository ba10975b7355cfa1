import FlowRuntime
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gathers concurrent commits and writes them, a batch to a transaction, on one thread.
///
/// A committing task queues its prepared step and suspends. The writer thread takes
/// everything queued (up to `maximumBatch` steps), writes it in one transaction (one
/// fsync), and resumes each task with its step's result. While a batch is being written
/// the next one gathers, so batches grow with load and no time is spent waiting for them
/// to fill: a lone commit is written at once.
final class GroupCommitter: @unchecked Sendable {
    typealias Waiter = UnsafeContinuation<Void, any Error>

    // Guarded by `mutex`; `condition` signals new work or a stop.
    private var pending: [(step: PreparedStep, waiter: Waiter)] = []
    private var stopping = false
    private var paused = false
    private var running = true
    private var totals = CommitStatistics()
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()

    let maximumBatch: Int
    private let writer: BatchWriter

    init(writer: BatchWriter, maximumBatch: Int) {
        self.writer = writer
        self.maximumBatch = maximumBatch
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
        let thread = Thread { [self] in
            Thread.current.name = "store-writer"
            run()
        }
        thread.start()
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    var heads: ChainHeads { writer.heads }

    func submit(_ step: PreparedStep, _ waiter: Waiter) {
        pthread_mutex_lock(&mutex)
        if stopping {
            pthread_mutex_unlock(&mutex)
            waiter.resume(throwing: StoreError.unavailable("the store is closed"))
            return
        }
        pending.append((step, waiter))
        if pending.count == 1 { pthread_cond_broadcast(&condition) }
        pthread_mutex_unlock(&mutex)
    }

    /// Stops taking commits; returns once everything queued has been written.
    func stop() {
        pthread_mutex_lock(&mutex)
        stopping = true
        pthread_cond_broadcast(&condition)
        while running { pthread_cond_wait(&condition, &mutex) }
        pthread_mutex_unlock(&mutex)
    }

    var isStopped: Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return stopping
    }

    /// Holds the queue (tests use it to make chosen steps share one batch).
    func pause() {
        pthread_mutex_lock(&mutex)
        paused = true
        pthread_mutex_unlock(&mutex)
    }

    func resume() {
        pthread_mutex_lock(&mutex)
        paused = false
        pthread_cond_broadcast(&condition)
        pthread_mutex_unlock(&mutex)
    }

    var pendingCount: Int {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return pending.count
    }

    var statistics: CommitStatistics {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return totals
    }

    private func run() {
        while let batch = nextBatch() {
            let started = ContinuousClock.now
            let cpuStarted = Self.threadCPUTime()
            let failures = writer.write(batch.map(\.step))
            let busy = started.duration(to: .now)
            let cpu = Self.threadCPUTime() - cpuStarted
            var records = 0
            for (entry, failure) in zip(batch, failures) {
                if let failure {
                    entry.waiter.resume(throwing: failure)
                } else {
                    records += entry.step.recordCount
                    entry.waiter.resume()
                }
            }
            pthread_mutex_lock(&mutex)
            totals.transactions += 1
            totals.steps += batch.count
            totals.records += records
            totals.largestBatch = max(totals.largestBatch, batch.count)
            totals.writing += busy
            totals.writerCPU += cpu
            pthread_mutex_unlock(&mutex)
        }
    }

    /// CPU time this thread has used (it excludes time waiting for fsync or for a core).
    private static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// Waits for work; nil once stopped with nothing left.
    private func nextBatch() -> [(step: PreparedStep, waiter: Waiter)]? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while pending.isEmpty || (paused && !stopping) {
            if stopping, pending.isEmpty {
                running = false
                pthread_cond_broadcast(&condition)
                return nil
            }
            pthread_cond_wait(&condition, &mutex)
        }
        if pending.count <= maximumBatch {
            defer { pending = [] }
            return pending
        }
        let batch = Array(pending.prefix(maximumBatch))
        pending.removeFirst(maximumBatch)
        return batch
    }
}

/// What the writer has done since the store opened.
public struct CommitStatistics: Sendable, Hashable {
    /// Transactions committed or attempted: each is one fsync of the WAL.
    public var transactions = 0
    public var steps = 0
    /// Records written by steps that committed.
    public var records = 0
    public var largestBatch = 0
    /// Pages written to the WAL: what the commits cost in I/O.
    public var walPages = 0
    /// Time the writer spent writing (the rest it waited for commits).
    public var writing: Duration = .zero
    /// CPU time the writer's thread used writing: `writing` without the time it waited
    /// for fsync or for a core.
    public var writerCPU: Duration = .zero
}
