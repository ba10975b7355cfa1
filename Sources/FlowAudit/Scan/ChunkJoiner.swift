import FlowConformance

/// The consumer's side of a scan in chunks: takes each chunk's items in log order, joins the
/// sessions that chunk boundaries cut, and counts what the scan read.
///
/// A session that a chunk leaves open is carried on; when a later chunk's fragment of it
/// ends, the fragment's steps follow the carried ones and the whole session is handed on,
/// at the place in the log where it ended. A fragment with nothing carried is a session
/// whose start the log does not hold: it is taken as its first record shows it, as one
/// reader reading the whole log would take it.
///
/// Each session handed on comes with its `ScanPlace`: the smallest first rowid of the
/// sessions still open is the smaller of the carried sessions' (`carriedStarts`) and the
/// chunk's own (`SessionEnd.openFrom`). Sessions that ended at or before `skipThrough` (a
/// resumed scan's place) are joined and struck off but not handed on.
struct ChunkJoiner {
    private var carried: [Int64: OpenSession] = [:]
    private var carriedStarts = OpenStarts()
    private let skipThrough: Int64
    private(set) var summary = ScanSummary()

    init(skipThrough: Int64 = .min) {
        self.skipThrough = skipThrough
    }

    /// The finished session an item hands on, if the selection admits it, and its place.
    mutating func take(_ item: ScanItem) -> (trace: SessionTrace, place: ScanPlace)? {
        switch item {
        case .finished(let trace, let end):
            guard end.rowid > skipThrough else { return nil }
            summary.selectedSessions += 1
            return (trace, place(end))
        case .fragmentEnded(let fragment):
            let session: OpenSession
            let steps: [TraceStep]
            if let start = carried.removeValue(forKey: fragment.number) {
                carriedStarts.end(start.firstRowid)
                guard start.selected, fragment.end.rowid > skipThrough else { return nil }
                session = start
                steps = start.steps + fragment.header.steps
            } else {
                guard fragment.header.selected, fragment.end.rowid > skipThrough else { return nil }
                session = fragment.header
                steps = fragment.header.steps
            }
            summary.selectedSessions += 1
            return (session.trace(number: fragment.number, steps: steps), place(fragment.end))
        case .chunkEnd(let end):
            close(end)
            return nil
        }
    }

    private func place(_ end: SessionEnd) -> ScanPlace {
        ScanPlace(end: end.rowid, resumeFrom: min(carriedStarts.smallest ?? .max, end.openFrom, end.rowid + 1))
    }

    /// A chunk is read: what it leaves open is carried on.
    mutating func close(_ end: ChunkEnd) {
        summary.peakOpenSessions = max(summary.peakOpenSessions, carried.count + end.peakStarted)
        summary.records += end.records
        summary.finishedSessions += end.finished
        // Met in this chunk: after every session carried before, in the order they were met.
        var added: [Int64] = []
        for (number, session) in end.open {
            carried[number] = session
            added.append(session.firstRowid)
        }
        for fragment in end.fragments {
            if carried[fragment.number] != nil {
                if carried[fragment.number]!.selected { carried[fragment.number]!.steps += fragment.header.steps }
            } else {
                carried[fragment.number] = fragment.header
                added.append(fragment.header.firstRowid)
            }
        }
        for rowid in added.sorted() { carriedStarts.add(rowid) }
        summary.openSessions = 0
        summary.openRecords = 0
        for session in carried.values where session.selected {
            summary.openSessions += 1
            summary.openRecords += session.steps.count
        }
    }
}
