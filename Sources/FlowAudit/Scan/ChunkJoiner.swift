import FlowConformance

/// The consumer's side of a scan in chunks: takes each chunk's items in log order, joins the
/// sessions that chunk boundaries cut, and counts what the scan read.
///
/// A session that a chunk leaves open is carried on; when a later chunk's fragment of it
/// ends, the fragment's steps follow the carried ones and the whole session is handed on,
/// at the place in the log where it ended. A fragment with nothing carried is a session
/// whose start the log does not hold: it is taken as its first record shows it, as one
/// reader reading the whole log would take it.
struct ChunkJoiner {
    private var carried: [Int64: OpenSession] = [:]
    private(set) var summary = ScanSummary()

    /// The finished session an item hands on, if the selection admits it.
    mutating func take(_ item: ScanItem) -> SessionTrace? {
        switch item {
        case .finished(let trace):
            summary.selectedSessions += 1
            return trace
        case .fragmentEnded(let fragment):
            let session: OpenSession
            let steps: [TraceStep]
            if let start = carried.removeValue(forKey: fragment.number) {
                guard start.selected else { return nil }
                session = start
                steps = start.steps + fragment.header.steps
            } else {
                guard fragment.header.selected else { return nil }
                session = fragment.header
                steps = fragment.header.steps
            }
            summary.selectedSessions += 1
            return session.trace(number: fragment.number, steps: steps)
        case .chunkEnd(let end):
            close(end)
            return nil
        }
    }

    /// A chunk is read: what it leaves open is carried on.
    mutating func close(_ end: ChunkEnd) {
        summary.peakOpenSessions = max(summary.peakOpenSessions, carried.count + end.peakStarted)
        summary.records += end.records
        summary.finishedSessions += end.finished
        for (number, session) in end.open { carried[number] = session }
        for fragment in end.fragments {
            if carried[fragment.number] != nil {
                if carried[fragment.number]!.selected { carried[fragment.number]!.steps += fragment.header.steps }
            } else {
                carried[fragment.number] = fragment.header
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
