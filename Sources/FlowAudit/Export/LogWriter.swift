import FlowConformance

/// An export format's writer: a header, then each finished session, then the end.
protocol LogWriter {
    mutating func begin() throws
    mutating func write(_ trace: SessionTrace) throws
    mutating func finish() throws
}
