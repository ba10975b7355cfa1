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
/// Sessions are handed on in the order they ended (their end records' rowids), so the
/// sessions a whole scan hands on after this one are exactly those that end after `end`:
/// a scan made `after:` it reads the log from `end + 1`, and reads by key the records that
/// the sessions still open at `end` wrote before it (`SessionHeads`).
public struct ScanPlace: Sendable, Hashable, Codable {
    /// The rowid of the session's end record (depth 0, with an outcome).
    public var end: Int64

    public init(end: Int64) {
        self.end = end
    }

    init(end: SessionEnd) {
        self.end = end.rowid
    }
}
