/// Where a scan stands just after a finished session it handed on: enough to resume the
/// scan after that session without reading the log from its start.
///
/// ```swift
/// var last: ScanPlace?
/// try scanner.forEachPlacedSession { trace, place in
///     last = place
///     return listed.count < 100
/// }
/// // The next page: the sessions that ended after `last`, in the same order.
/// let next = LogScanner(store: store, audit: audit, selection: selection, after: last)
/// ```
///
/// Sessions are handed on in the order they ended (their end records' rowids). Every
/// session that started before `resumeFrom` had ended by `end`, so a scan that reads from
/// `resumeFrom` and skips the sessions that ended at or before `end` hands on exactly the
/// sessions a whole scan hands on after this one, each whole, in the same order.
public struct ScanPlace: Sendable, Hashable, Codable {
    /// The rowid of the session's end record (depth 0, with an outcome).
    public var end: Int64
    /// The smallest rowid of the first record of a session still open just after `end`
    /// (`end + 1` when none was).
    public var resumeFrom: Int64

    public init(end: Int64, resumeFrom: Int64) {
        self.end = end
        self.resumeFrom = resumeFrom
    }
}
