/// The first rowids of the sessions a scan holds open, for the smallest of them: where a
/// scan must begin to meet every one of them from its start (`ScanPlace.resumeFrom`).
///
/// Sessions are added in the order the scan meets them, so their first rowids come in
/// increasing order (a queue); one that ends is struck off lazily, so adding, ending and
/// asking for the smallest cost O(1) amortised.
struct OpenStarts {
    private var queue: [Int64] = []
    private var head = 0
    /// First rowids of sessions that ended while not at the head of the queue.
    private var ended: Set<Int64> = []

    /// A session met at `rowid` (greater than every rowid added before).
    mutating func add(_ rowid: Int64) {
        queue.append(rowid)
    }

    /// The session met at `rowid` has ended.
    mutating func end(_ rowid: Int64) {
        guard head < queue.count else { return }
        guard queue[head] == rowid else {
            ended.insert(rowid)
            return
        }
        head += 1
        while head < queue.count, ended.remove(queue[head]) != nil { head += 1 }
        if head > 4096, head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
    }

    /// The smallest first rowid of a session still open; nil when none is.
    var smallest: Int64? { head < queue.count ? queue[head] : nil }
}
