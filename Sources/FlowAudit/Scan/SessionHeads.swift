import FlowConformance
import GRDBSQLite

/// For a resumed scan: the records a session wrote before the scan's first row, read by the
/// session's key (`session_number`, `sequence`) rather than by reading the log up to them.
///
/// A scan made `after:` a place begins just after it; a session that began before that and
/// ends after it reaches the scan as a fragment with nothing carried, and its head comes
/// from here: its start record (header, and whether the selection admits it) and its steps.
///
/// Used by the scan's calling thread only.
final class SessionHeads {
    private let connection: ScanConnection
    private let handle: OpaquePointer
    private let path: String
    private var decoder: RowDecoder
    // Its own copy: `admits` caches what it has decided.
    private var selection: ResolvedSelection
    /// The scan's first rowid: heads are the records before it.
    let before: Int64
    /// Records read here (counted with the scan's rows read).
    private(set) var rowsRead = 0

    init(path: String, catalog: NetCatalog, selection: ResolvedSelection, before: Int64) throws(AuditError) {
        connection = try ScanConnection(path: path)
        handle = try connection.prepare(
            "SELECT \(RowDecoder.columns) FROM traversal_log WHERE session_number = ? AND rowid < ? ORDER BY sequence")
        self.path = path
        decoder = RowDecoder(catalog: catalog)
        self.selection = selection
        self.before = before
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// `fragment` with its head put before it: the header and selection its start gives,
    /// and the head's steps before its own. The fragment as it is when the log holds no
    /// record of it before the scan.
    func joined(_ fragment: OpenSession, number: Int64) throws(AuditError) -> OpenSession {
        sqlite3_reset(handle)
        sqlite3_bind_int64(handle, 1, number)
        sqlite3_bind_int64(handle, 2, before)
        var head: OpenSession?
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw AuditError.database(path: path, message: connection.lastError) }
            rowsRead += 1
            if head == nil {
                // Its first record: the start, unless the log lacks it (then taken as it shows).
                let program = try decoder.program(handle)
                let contactPoint = decoder.vocabularyID(handle, RowDecoder.Column.contactPoint)
                let startedAt = sqlite3_column_int64(handle, RowDecoder.Column.enteredAt)
                head = OpenSession(
                    session: RowDecoder.text(handle, RowDecoder.Column.session) ?? "",
                    journey: RowDecoder.text(handle, RowDecoder.Column.journey) ?? "",
                    contactPoint: contactPoint, channel: decoder.vocabularyID(handle, RowDecoder.Column.channel),
                    selected: selection.admits(program: program, contactPoint: contactPoint, startedAt: startedAt),
                    steps: [])
            }
            guard head!.selected else { break }
            head!.steps.append(try decoder.step(handle))
        }
        guard var head else { return fragment }
        if head.selected { head.steps += fragment.steps }
        return head
    }
}
