import Histogram

/// Time per state (docs/auditing.md, "Time per state"): the durations of each state's
/// visits, per flow version, in HDR histograms with 3 significant digits (within 0.1%).
///
/// Histograms sit in a table with a slot per state of the catalog, made on a state's
/// first visit: recording a visit is an index and an increment, and memory grows with
/// the states visited. They resize themselves to the longest visit seen.
public struct StateTimes: Sendable {
    public let catalog: NetCatalog
    private var histograms: [Histogram<UInt32>?]
    private var made: [Bool]

    public init(catalog: NetCatalog) {
        self.catalog = catalog
        histograms = Array(repeating: nil, count: catalog.totalStates)
        made = Array(repeating: false, count: catalog.totalStates)
    }

    /// Records the duration of every closed visit of a session.
    public mutating func add(_ verdict: SessionVerdict) {
        for visit in verdict.visits where visit.isClosed {
            record(program: visit.program, state: visit.state, duration: visit.duration)
        }
    }

    /// Records one visit of `duration` milliseconds.
    public mutating func record(program: Int32, state: Int32, duration: Int64) {
        let slot = catalog.stateSlot(program: program, state: state)
        // Tested through `made`: comparing the optional with nil copied the histogram.
        if !made[slot] {
            histograms[slot] = Self.emptyHistogram()
            made[slot] = true
        }
        _ = histograms[slot]!.record(UInt64(max(duration, 0)))
    }

    public mutating func merge(_ other: StateTimes) {
        precondition(other.catalog === catalog, "state times of different catalogs")
        for (slot, histogram) in other.histograms.enumerated() {
            guard let histogram else { continue }
            if !made[slot] {
                histograms[slot] = histogram
                made[slot] = true
            } else {
                histograms[slot]!.add(histogram)
            }
        }
    }

    /// The visits of a state, or nil when it was never left.
    public func histogram(program: Int32, state: Int32) -> Histogram<UInt32>? {
        histograms[catalog.stateSlot(program: program, state: state)]
    }

    /// A state's visits over every version of its flow that has a state by that name.
    public func histogram(flow: String, state name: String) -> Histogram<UInt32>? {
        var merged: Histogram<UInt32>?
        for program in 0..<Int32(catalog.count) where catalog.program(program).id == flow {
            guard let state = catalog.stateIndex(program: program, name: name),
                let histogram = histogram(program: program, state: state)
            else { continue }
            if merged == nil { merged = histogram } else { merged!.add(histogram) }
        }
        return merged
    }

    /// Median and 90th percentile of a state's visits, milliseconds (HDR's highest
    /// equivalent values: within 0.1% of the true figures).
    public func summary(program: Int32, state: Int32) -> StateTimeSummary? {
        histogram(program: program, state: state).map(StateTimeSummary.init)
    }

    /// Made with the range of an hour (52 KB each), growing on its own past it: a histogram
    /// made with the smallest range grows by a few buckets at each longer visit, through the
    /// library's unspecialised generic `append(contentsOf:)`, which cost more than recording.
    static func emptyHistogram() -> Histogram<UInt32> {
        var histogram = Histogram<UInt32>(highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
        return histogram
    }
}

/// A state's visits in three figures.
public struct StateTimeSummary: Sendable, Hashable {
    public var visits: Int
    /// Milliseconds.
    public var median: UInt64
    public var p90: UInt64

    public init(_ histogram: Histogram<UInt32>) {
        visits = Int(histogram.totalCount)
        median = histogram.valueAtPercentile(50)
        p90 = histogram.valueAtPercentile(90)
    }
}
