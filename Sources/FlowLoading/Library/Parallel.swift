import Dispatch
import Foundation

/// Runs independent work items on every core.
///
/// Plain threads rather than `DispatchQueue.concurrentPerform`: called from an async
/// context on Linux (the CLI's commands run in one), `concurrentPerform` shares the
/// worker pool it is already on and often runs nearly serially.
enum Parallel {
    /// Calls `body` once for each index in `0..<count`, on up to one thread per core.
    static func forEach(_ count: Int, _ body: (Int) -> Void) {
        let workers = min(count, ProcessInfo.processInfo.activeProcessorCount)
        guard workers > 1 else {
            for index in 0..<count { body(index) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let work = SharedWork(count: count, body: body)
            let finished = DispatchGroup()
            for _ in 1..<workers {
                finished.enter()
                Thread.detachNewThread {
                    work.run()
                    finished.leave()
                }
            }
            work.run()
            finished.wait()
            // A worker thread may still hold `work` for an instant after it signals; the
            // closure must not outlive this call, so `work` lets go of it now.
            work.finish()
        }
    }
}

/// The next index to do, shared by the workers.
private final class SharedWork: @unchecked Sendable {
    // `next` and `body` are only touched under `lock`; `body` is called with distinct
    // indexes, and dropped by `finish()` once every worker has signalled.
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var body: ((Int) -> Void)?

    init(count: Int, body: @escaping (Int) -> Void) {
        self.count = count
        self.body = body
    }

    func run() {
        while let (index, body) = take() { body(index) }
    }

    func finish() {
        lock.lock()
        body = nil
        lock.unlock()
    }

    private func take() -> (Int, (Int) -> Void)? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count, let body else { return nil }
        next += 1
        return (next - 1, body)
    }
}
