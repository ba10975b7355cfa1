import Foundation

/// Names interned as small integers: events, reasons, contact points, channels, agents,
/// roles, org units.
///
/// The log scanner interns each record's text fields once, so that measuring compares
/// integers. Names the measures look for (the organisation's roles and units, the events
/// the checks know) are interned first, when the vocabulary is made, and so have ids the
/// measuring side can hold without asking again. Interning is locked: the scanner adds
/// names on its thread while the measuring thread may read them.
public final class Vocabulary: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var ids: [String: Int32] = [:]
    private var names: [String] = []

    /// Events the checks refer to, interned first in this order.
    public static let knownEvents = ["connected", "hangup", "sla-expired", "no-input", "no-match"]

    public init(preloading names: [String] = []) {
        for name in Self.knownEvents + names { _ = id(of: name) }
    }

    /// The name's id, interning it when new.
    public func id(of name: String) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        ids[name] = id
        names.append(name)
        return id
    }

    /// The id of a name already interned; nil when it never was.
    public func existingID(of name: String) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        return ids[name]
    }

    /// The name of an id; nil for -1 (none).
    public func name(_ id: Int32) -> String? {
        guard id >= 0 else { return nil }
        lock.lock()
        defer { lock.unlock() }
        return Int(id) < names.count ? names[Int(id)] : nil
    }

    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return names.count
    }

    /// Ids of `knownEvents`, fixed for every vocabulary.
    public enum Event {
        public static let connected: Int32 = 0
        public static let hangup: Int32 = 1
        public static let slaExpired: Int32 = 2
        public static let noInput: Int32 = 3
        public static let noMatch: Int32 = 4
    }
}
