/// What a scan read: records, finished sessions (measured or not selected) and the
/// sessions still open when the log ended, which are counted apart and never measured
/// (docs/auditing.md, "Finished session").
public struct ScanSummary: Sendable, Hashable, Codable {
    /// Rows of the traversal log read.
    public var records = 0
    /// Sessions whose end the log holds.
    public var finishedSessions = 0
    /// Finished sessions that the selection's flow, version, contact point and period
    /// admitted (handed on to be measured).
    public var selectedSessions = 0
    /// Sessions the selection admits whose log holds no end yet, and their records.
    public var openSessions = 0
    public var openRecords = 0
    /// The most sessions held open at once while scanning (the scan's memory bound): over
    /// the chunks of the log, the sessions carried into a chunk plus the most sessions
    /// started in it that were open at once.
    public var peakOpenSessions = 0
    /// Rows the reader threads read: `records` for a whole scan; for a scan stopped early,
    /// what they had read when it stopped, what they read ahead of the consumer included
    /// (at most about a chunk each: `LogScanner`'s `chunkRows`); for a resumed scan, the
    /// records of sessions begun before it, read by key, too.
    public var rowsRead = 0
    /// The rowid the scan began reading at: the log's first, or where a resumed scan
    /// resumed (just after its `ScanPlace`); 0 for an empty log.
    public var firstRowid: Int64 = 0
    /// Reader threads that read the log at once.
    public var readers = 1
    /// Wall time of the scan, seconds.
    public var seconds = 0.0
    /// CPU time of the reader threads together, seconds: what reading cost, whatever else
    /// ran on the machine.
    public var readerCPUSeconds = 0.0

    public init() {}

    /// Records per second over the scan's wall time.
    public var recordsPerSecond: Double { seconds > 0 ? Double(records) / seconds : 0 }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CPU time the calling thread has used, seconds.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
