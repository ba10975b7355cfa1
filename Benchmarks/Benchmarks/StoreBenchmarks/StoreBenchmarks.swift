import Benchmark
import FlowRuntime
import FlowStore
import Foundation

/// The durable store (issue 4). Targets: at least 200,000 logged transitions (records) per
/// second into SQLite with synchronous=FULL on this 2-core machine; a million idle sessions
/// held in the store without the process's memory growing with them.
let benchmarks: @Sendable () -> Void = {
    // Concurrent sessions in the durable benchmark, and commits each makes per iteration.
    let lanes = 2_000
    let stepsPerLane = 50

    Benchmark(
        "Durable: logged transitions/s into SQLite (synchronous=FULL)",
        configuration: .init(
            metrics: [
                .wallClock, .cpuTotal, .peakMemoryResident,
                .custom("records/s", polarity: .prefersLarger, useScalingFactor: false),
                .custom("steps/s", polarity: .prefersLarger, useScalingFactor: false),
                .custom("fsyncs/s", polarity: .prefersLarger, useScalingFactor: false),
                .custom("steps per transaction", polarity: .prefersLarger, useScalingFactor: false),
                .custom("writer busy %", useScalingFactor: false),
                .custom("writer CPU ns per step", useScalingFactor: false),
                .custom("CPU ns per step", useScalingFactor: false),
                .custom("WAL pages per 100 steps", useScalingFactor: false),
            ],
            timeUnits: .milliseconds, maxDuration: .seconds(60), maxIterations: 5)
    ) { benchmark in
        let (store, folder) = try StoreTraffic.temporaryStore(name: "durable")
        defer { try? FileManager.default.removeItem(at: folder) }
        var round = 0
        for _ in benchmark.scaledIterations {
            round += 1
            let thisRound = round
            let before = store.statistics
            let started = ContinuousClock.now
            let cpuStarted = processCPUTime()
            benchmark.startMeasurement()
            let records = try await withThrowingTaskGroup(of: Int.self) { group in
                for lane in 0..<lanes {
                    group.addTask {
                        try await StoreTraffic.lane(lane, round: thisRound, flow: "bill-inquiry.ivr", steps: stepsPerLane, store: store)
                    }
                }
                return try await group.reduce(0, +)
            }
            benchmark.stopMeasurement()
            let elapsed = started.duration(to: .now)
            let cpu = processCPUTime() - cpuStarted
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let after = store.statistics
            let transactions = after.transactions - before.transactions
            let steps = after.steps - before.steps
            precondition(after.records - before.records == records, "every record written")
            benchmark.measurement(.custom("records/s"), Int(Double(records) / seconds))
            benchmark.measurement(.custom("steps/s"), Int(Double(steps) / seconds))
            benchmark.measurement(.custom("fsyncs/s"), Int(Double(transactions) / seconds))
            benchmark.measurement(.custom("steps per transaction"), steps / max(transactions, 1))
            let busy = after.writing - before.writing
            let busySeconds = Double(busy.components.seconds) + Double(busy.components.attoseconds) / 1e18
            benchmark.measurement(.custom("writer busy %"), Int(100 * busySeconds / seconds))
            benchmark.measurement(.custom("WAL pages per 100 steps"), 100 * (after.walPages - before.walPages) / max(steps, 1))
            benchmark.measurement(.custom("writer CPU ns per step"), nanoseconds(after.writerCPU - before.writerCPU) / max(steps, 1))
            benchmark.measurement(.custom("CPU ns per step"), nanoseconds(cpu) / max(steps, 1))
        }
        store.close()
    }

    // The store alone: the same traffic, its commits made ahead, written by 2,000 tasks
    // each awaiting its own durable acknowledgement. The store's own ceiling: what is left
    // of the CPU per step is the store's (preparing, chaining, writing) and task switching.
    Benchmark(
        "Durable, store alone: prepared commits/s into SQLite (synchronous=FULL)",
        configuration: .init(
            metrics: [
                .wallClock, .cpuTotal, .peakMemoryResident,
                .custom("records/s", polarity: .prefersLarger, useScalingFactor: false),
                .custom("steps/s", polarity: .prefersLarger, useScalingFactor: false),
                .custom("steps per transaction", polarity: .prefersLarger, useScalingFactor: false),
                .custom("writer busy %", useScalingFactor: false),
                .custom("writer CPU ns per step", useScalingFactor: false),
                .custom("CPU ns per step", useScalingFactor: false),
                .custom("WAL pages per 100 steps", useScalingFactor: false),
            ],
            timeUnits: .milliseconds, maxDuration: .seconds(60), maxIterations: 5)
    ) { benchmark in
        let (store, folder) = try StoreTraffic.temporaryStore(name: "store-alone")
        defer { try? FileManager.default.removeItem(at: folder) }
        var round = 0
        for _ in benchmark.scaledIterations {
            round += 1
            let thisRound = round
            let script = try (0..<lanes).map { try StoreTraffic.commits($0, round: thisRound, flow: "bill-inquiry.ivr", steps: stepsPerLane) }
            let records = script.reduce(0) { $0 + $1.reduce(0) { $0 + $1.records.count } }
            let before = store.statistics
            let started = ContinuousClock.now
            let cpuStarted = processCPUTime()
            benchmark.startMeasurement()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for commits in script {
                    group.addTask {
                        for commit in commits { try await store.commit(commit) }
                    }
                }
                try await group.waitForAll()
            }
            benchmark.stopMeasurement()
            let elapsed = started.duration(to: .now)
            let cpu = processCPUTime() - cpuStarted
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let after = store.statistics
            let steps = after.steps - before.steps
            precondition(after.records - before.records == records, "every record written")
            benchmark.measurement(.custom("records/s"), Int(Double(records) / seconds))
            benchmark.measurement(.custom("steps/s"), Int(Double(steps) / seconds))
            benchmark.measurement(.custom("steps per transaction"), steps / max(after.transactions - before.transactions, 1))
            let busy = after.writing - before.writing
            let busySeconds = Double(busy.components.seconds) + Double(busy.components.attoseconds) / 1e18
            benchmark.measurement(.custom("writer busy %"), Int(100 * busySeconds / seconds))
            benchmark.measurement(.custom("writer CPU ns per step"), nanoseconds(after.writerCPU - before.writerCPU) / max(steps, 1))
            benchmark.measurement(.custom("CPU ns per step"), nanoseconds(cpu) / max(steps, 1))
            benchmark.measurement(.custom("WAL pages per 100 steps"), 100 * (after.walPages - before.walPages) / max(steps, 1))
        }
        store.close()
    }

    // A million sessions started and left waiting (or ended) in the store: the engine's
    // memory holds none of them; only SQLite's bounded page cache and the writer's bounded
    // chain heads stay resident.
    Benchmark(
        "1,000,000 idle sessions in the store",
        configuration: .init(
            metrics: [
                .wallClock, .peakMemoryResident,
                .custom("resident MB after 100k sessions", useScalingFactor: false),
                .custom("resident MB after 1M sessions", useScalingFactor: false),
                .custom("records/s", polarity: .prefersLarger, useScalingFactor: false),
            ],
            timeUnits: .seconds, maxDuration: .seconds(600), maxIterations: 1)
    ) { benchmark in
        let (store, folder) = try StoreTraffic.temporaryStore(name: "idle")
        defer { try? FileManager.default.removeItem(at: folder) }
        let total = 1_000_000
        let lanes = 2_000
        let flows = ["bill-inquiry.ivr", "balance-inquiry.ivr", "top-up.ivr", "identity-verification.ivr"]
        let started = ContinuousClock.now
        benchmark.startMeasurement()
        for chunk in stride(from: 0, to: total, by: 100_000) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<lanes {
                    group.addTask {
                        var index = chunk + lane
                        while index < chunk + 100_000 {
                            // Every fifth contact hangs up at once and ends; the others wait for input.
                            var (live, commit) = try StoreTraffic.start(
                                id: "idle-\(index)", flow: flows[index % flows.count], at: 1_795_000_000_000 + Int64(index))
                            try await store.commit(commit)
                            if index % 5 == 0 {
                                let result = try StoreTraffic.stepper.apply(SessionEvent(.hangup, at: 1_795_000_100_000), to: &live)
                                try await store.commit(StoreTraffic.commit(live, actions: result.actions, records: result.records, event: "hangup"))
                            }
                            index += lanes
                        }
                    }
                }
                try await group.waitForAll()
            }
            if chunk == 0 { benchmark.measurement(.custom("resident MB after 100k sessions"), residentMemory() >> 20) }
        }
        benchmark.stopMeasurement()
        benchmark.measurement(.custom("resident MB after 1M sessions"), residentMemory() >> 20)
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        benchmark.measurement(.custom("records/s"), Int(Double(store.statistics.records) / seconds))
        let counts = try await store.counts()
        precondition(counts.sessions == total, "a million sessions stored, found \(counts.sessions)")
        store.close()
    }

    // What a live session costs in memory (target: at most 2 KB): resident memory grown,
    // measured from after `malloc_trim` (so that freed holes do not hide it). Bill inquiries waiting
    // for the caller's password inside the identity check (two frames, five timers): the
    // commonest live state of the shipped IVR flows. Once as the engine holds them (the
    // `LiveSession` values of its cache), once through the real engine over the SQLite store
    // with a cache large enough to keep them all (SQLite's page cache, bounded at 64 MB,
    // included).
    Benchmark(
        "Memory per live session",
        configuration: .init(
            metrics: [
                .wallClock, .peakMemoryResident,
                .custom("bytes per LiveSession held", useScalingFactor: false),
                .custom("bytes per session in a running Engine", useScalingFactor: false),
            ],
            timeUnits: .milliseconds, maxDuration: .seconds(300), maxIterations: 1)
    ) { benchmark in
        let count = 100_000
        let before = trimmedResidentMemory()
        var held: [LiveSession] = []
        held.reserveCapacity(count)
        for index in 0..<count {
            held.append(try StoreTraffic.start(id: "live-\(index)", flow: "bill-inquiry.ivr", at: 1_795_000_000_000 + Int64(index)).0)
        }
        benchmark.measurement(.custom("bytes per LiveSession held"), (trimmedResidentMemory() - before) / count)
        blackHole(held)
        held = []

        let (store, folder) = try StoreTraffic.temporaryStore(name: "live")
        defer { try? FileManager.default.removeItem(at: folder) }
        let engine = Engine(
            library: StoreTraffic.library, flowMap: StoreTraffic.loaded.flowMap!, store: store, clock: ManualClock(now: 1_795_000_000_000),
            configuration: Engine.Configuration(cacheCapacity: 2 * count + 2))  // two generations of half each
        let engineBefore = trimmedResidentMemory()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<1_000 {
                group.addTask {
                    for index in stride(from: lane, to: count, by: 1_000) {
                        _ = try await engine.start(StartRequest(
                            business: "bill-inquiry", channel: "ivr", brand: "gotone", environment: "own-network",
                            customer: "13800138000", variables: ["msisdn": .string("13800138000")], session: "engine-\(index)"))
                    }
                }
            }
            try await group.waitForAll()
        }
        let inMemory = await engine.sessionsInMemory
        precondition(inMemory == count, "every session kept in memory, found \(inMemory)")
        benchmark.measurement(.custom("bytes per session in a running Engine"), (trimmedResidentMemory() - engineBefore) / count)
        store.close()
    }

    // The codecs against JSON, on a bill inquiry waiting in its month menu (two frames
    // deep before, one after the identity check) and the receipt of the step that got it there.
    let (waiting, receipt) = {
        var (live, _) = try! StoreTraffic.start(id: "codec", flow: "bill-inquiry.ivr", at: 1_795_000_000_000)
        _ = try! StoreTraffic.stepper.apply(SessionEvent(.input("123456"), at: 1_795_000_003_000), to: &live)
        let result = try! StoreTraffic.stepper.apply(SessionEvent(.outcome("ok"), at: 1_795_000_006_000), to: &live)
        let step = StoreTraffic.commit(live, actions: result.actions, records: result.records, event: "e2")
        return (live.state, step.receipt!)
    }()
    let receiptBytes = ReceiptCodec.encode(receipt)
    let receiptJSON = try! JSONEncoder().encode(receipt)
    let encoded = SessionStateCodec.encode(waiting)
    let json = try! JSONEncoder().encode(SessionStateJSON(waiting))
    let codecConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .nanoseconds, scalingFactor: .kilo,
        maxDuration: .seconds(3))

    Benchmark("Codec: encode a session (binary, \(encoded.count) bytes)", configuration: codecConfiguration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(SessionStateCodec.encode(waiting)) }
    }
    Benchmark("Codec: decode a session (binary)", configuration: codecConfiguration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try SessionStateCodec.decode(encoded)) }
    }
    Benchmark("Codec: encode the same session with JSONEncoder (\(json.count) bytes)", configuration: codecConfiguration) { benchmark in
        let encoder = JSONEncoder()
        for _ in benchmark.scaledIterations { blackHole(try encoder.encode(SessionStateJSON(waiting))) }
    }
    Benchmark("Codec: decode the same session with JSONDecoder", configuration: codecConfiguration) { benchmark in
        let decoder = JSONDecoder()
        for _ in benchmark.scaledIterations { blackHole(try decoder.decode(SessionStateJSON.self, from: json)) }
    }
    Benchmark("Codec: encode a receipt (binary, \(receiptBytes.count) bytes)", configuration: codecConfiguration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(ReceiptCodec.encode(receipt)) }
    }
    Benchmark("Codec: encode the same receipt with JSONEncoder (\(receiptJSON.count) bytes)", configuration: codecConfiguration) { benchmark in
        let encoder = JSONEncoder()
        for _ in benchmark.scaledIterations { blackHole(try encoder.encode(receipt)) }
    }
}
