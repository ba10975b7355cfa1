import FlowConformance

/// The consumer's side of a scan in chunks: takes each chunk's items in log order, joins the
/// sessions that chunk boundaries cut, and counts what the scan read.
///
/// A session that a chunk leaves open is carried on; when a later chunk's fragment of it
/// ends, the fragment's steps follow the carried ones and the whole session is handed on,
/// at the place in the log where it ended (`ScanPlace`). A fragment with nothing carried is
/// a session that began before the scan: a resumed scan reads its head by key (`heads`);
/// without one (a whole scan), the log does not hold its start, and it is taken as its
/// first record shows it, as one reader reading the whole log would take it.
struct ChunkJoiner {
    private var carried: [Int64: OpenSession] = [:]
    private let heads: SessionHeads?
    private(set) var summary = ScanSummary()

    init(heads: SessionHeads? = nil) {
        self.heads = heads
    }

    /// The finished session an item hands on, if the selection admits it, and its place.
    ///
    /// - Throws: `AuditError` when a head read by key does not read.
    mutating func take(_ item: ScanItem) throws(AuditError) -> (trace: SessionTrace, place: ScanPlace)? {
        switch item {
        case .finished(let trace, let end):
            summary.selectedSessions += 1
            return (trace, ScanPlace(end: end))
        case .fragmentEnded(let fragment):
            let session: OpenSession
            let steps: [TraceStep]
            if let start = carried.removeValue(forKey: fragment.number) {
                guard start.selected else { return nil }
                session = start
                steps = start.steps + fragment.header.steps
            } else {
                session = try headed(fragment)
                guard session.selected else { return nil }
                steps = session.steps
            }
            summary.selectedSessions += 1
            return (session.trace(number: fragment.number, steps: steps), ScanPlace(end: fragment.end))
        case .chunkEnd(let end):
            try close(end)
            return nil
        }
    }

    /// A fragment with nothing carried, its head before it when the scan began after it.
    private mutating func headed(_ fragment: SessionFragment) throws(AuditError) -> OpenSession {
        guard let heads else { return fragment.header }
        let joined = try heads.joined(fragment.header, number: fragment.number)
        summary.rowsRead = heads.rowsRead
        return joined
    }

    /// A chunk is read: what it leaves open is carried on.
    ///
    /// - Throws: `AuditError` when a head read by key does not read.
    mutating func close(_ end: ChunkEnd) throws(AuditError) {
        summary.peakOpenSessions = max(summary.peakOpenSessions, carried.count + end.peakStarted)
        summary.records += end.records
        summary.finishedSessions += end.finished
        for (number, session) in end.open {
            carried[number] = session
        }
        for fragment in end.fragments {
            if carried[fragment.number] != nil {
                if carried[fragment.number]!.selected { carried[fragment.number]!.steps += fragment.header.steps }
            } else {
                carried[fragment.number] = try headed(fragment)
            }
        }
        summary.openSessions = 0
        summary.openRecords = 0
        for session in carried.values where session.selected {
            summary.openSessions += 1
            summary.openRecords += session.steps.count
        }
    }
}
