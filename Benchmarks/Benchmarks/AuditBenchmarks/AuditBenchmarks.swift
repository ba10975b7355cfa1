import Benchmark
import FlowAudit
import FlowConformance
import Foundation

/// The whole audit over a real store: `LogScanner` (the reader thread: rows to
/// `TraceStep`s) and `AuditMeasurement` (the calling thread: `SessionMeasurer` and every
/// tally), as `flowmap audit measure` runs them. Target: more than 2,000,000 records/s over
/// a 10,000,000-record log (one million sessions from `flowmap simulate`), memory well
/// under 1 GB.
///
/// The store is made once, with the release build, and reused (docs/benchmarks.md,
/// "Conformance"); its path is `FLOWMAP_AUDIT_STORE`, by default
/// /tmp/flowmap-audit-1m.sqlite. Without it the benchmark says so and measures nothing.
let benchmarks: @Sendable () -> Void = {
    let path = ProcessInfo.processInfo.environment["FLOWMAP_AUDIT_STORE"] ?? "/tmp/flowmap-audit-1m.sqlite"
    guard FileManager.default.fileExists(atPath: path) else {
        print("audit benchmark: no store at \(path); make one (docs/benchmarks.md, \"Conformance\") or set FLOWMAP_AUDIT_STORE")
        return
    }

    Benchmark(
        "Audit: scan + all four measures over a store",
        configuration: .init(
            metrics: [
                .wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal,
                .custom("records/s", polarity: .prefersLarger, useScalingFactor: false),
                .custom("records", useScalingFactor: false),
            ],
            timeUnits: .seconds, warmupIterations: 0, maxDuration: .seconds(120), maxIterations: 3)
    ) { benchmark in
        do {
            let store = try AuditStore(path: path)
            let audit = try AuditCatalog(store: store)
            let selection = try Selection.all.resolved(in: audit)
            for _ in benchmark.scaledIterations {
                let started = ContinuousClock.now
                benchmark.startMeasurement()
                let result = try AuditMeasurement(store: store, audit: audit, selection: selection).run()
                benchmark.stopMeasurement()
                let elapsed = started.duration(to: .now)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                benchmark.measurement(.custom("records/s"), Int(Double(result.scan.records) / seconds))
                benchmark.measurement(.custom("records"), result.scan.records)
                blackHole(result)
            }
        } catch {
            fatalError("audit benchmark: \(error)")
        }
    }
}
