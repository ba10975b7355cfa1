import Benchmark
import FlowConformance

/// The measuring side of `flowmap audit` (target: 2,000,000 records/s on one core, about
/// 5 µs per session of ~10 records): `SessionMeasurer` (segments, deviations, token
/// replay, alignment when needed, person-steps, compliance) and every streaming tally, over
/// synthetic finished sessions on billing-complaint.phone (guided, with a subflow) and
/// bill-inquiry.ivr. One iteration measures every session once; records/s counts the
/// records of the sessions measured.
let benchmarks: @Sendable () -> Void = {
    let traffic = SyntheticTraces(sessions: 20_000)
    let records = traffic.records

    // What the traces are, checked once: mostly conforming, some not, ~10 records each.
    do {
        var measurer = SessionMeasurer(catalog: traffic.catalog)
        var tally = AuditTally(catalog: traffic.catalog)
        for trace in traffic.traces { tally.add(measurer.measure(trace)) }
        let total = tally.conformance.total
        let conforming = Double(total.trajectoryConforming) / Double(total.sessions)
        print(
            "conformance benchmark: \(traffic.traces.count) sessions, \(records) records "
                + "(\(String(format: "%.1f", Double(records) / Double(traffic.traces.count))) per session), "
                + "\(String(format: "%.0f", conforming * 100))% on trajectory, "
                + "\(measurer.searchedSegments) segments searched, \(tally.variants.distinctCount) variants")
        guard conforming > 0.75, conforming < 0.98, total.deviations.override > 0, total.deviations.abandoned > 0 else {
            fatalError("the synthetic mix is not what the benchmark means to measure")
        }
    }

    Benchmark(
        "Conformance: SessionMeasurer + tallies",
        configuration: .init(
            metrics: [
                .wallClock, .cpuTotal, .mallocCountTotal,
                .custom("records/s", polarity: .prefersLarger, useScalingFactor: false),
                .custom("ns per session", useScalingFactor: false),
            ],
            timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 20)
    ) { benchmark in
        var measurer = SessionMeasurer(catalog: traffic.catalog)
        var tally = AuditTally(catalog: traffic.catalog)
        // Warm the buffers and the tallies' keys, as a long scan would have.
        for trace in traffic.traces { tally.add(measurer.measure(trace)) }
        for _ in benchmark.scaledIterations {
            let started = ContinuousClock.now
            benchmark.startMeasurement()
            for trace in traffic.traces { tally.add(measurer.measure(trace)) }
            benchmark.stopMeasurement()
            let elapsed = started.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            benchmark.measurement(.custom("records/s"), Int(Double(records) / seconds))
            benchmark.measurement(.custom("ns per session"), Int(seconds * 1e9 / Double(traffic.traces.count)))
        }
        blackHole(tally)
    }
}
