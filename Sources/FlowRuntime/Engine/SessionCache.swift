/// The sessions kept in memory between events: at most `capacity`, the least recently
/// used dropped first (they live on in the store).
///
/// Two generations approximate LRU in constant time: used sessions go to the young
/// generation; when it is full it becomes the old one, and the old one is dropped.
struct SessionCache {
    let capacity: Int
    private var young: [String: LiveSession] = [:]
    private var old: [String: LiveSession] = [:]

    init(capacity: Int) {
        self.capacity = max(2, capacity)
    }

    var count: Int { young.count + old.count }

    mutating func get(_ id: String) -> LiveSession? {
        if let live = young[id] { return live }
        guard let live = old.removeValue(forKey: id) else { return nil }
        store(live)
        return live
    }

    mutating func insert(_ live: LiveSession) {
        old.removeValue(forKey: live.state.id)
        store(live)
    }

    mutating func remove(_ id: String) {
        young.removeValue(forKey: id)
        old.removeValue(forKey: id)
    }

    private mutating func store(_ live: LiveSession) {
        young[live.state.id] = live
        if young.count >= capacity / 2 {
            old = young
            young = [:]
        }
    }
}
