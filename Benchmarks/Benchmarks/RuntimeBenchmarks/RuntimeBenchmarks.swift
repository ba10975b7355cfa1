import Benchmark
import FlowRuntime

/// The pure interpreter: a 15-state IVR flow, in memory, building every traversal record
/// (target: 2,000,000 transitions/s on one core). One iteration is one whole contact of
/// 18 moves; transitions per second = 18 x contacts per second.
let benchmarks: @Sendable () -> Void = {
    let program = BenchmarkFlow.program()
    var library = ProgramLibrary()
    library.add(program)
    let stepper = Stepper(catalog: library)
    let start = SessionStart(
        id: "bench", contactPoint: ContactPointInfo(code: "VG101", business: "bill", channel: "ivr", brand: "gotone", environment: "own"),
        customer: "13800138000", variables: ["msisdn": .string("13800138000")])
    let script = BenchmarkFlow.script(from: 0)

    // Check once that the script really makes 18 moves and ends the contact.
    do {
        let started = try stepper.start(start, program: program, at: 0)
        var session = started.session
        var moves = started.records.count
        for event in script {
            moves += try stepper.apply(event, to: &session).records.count
        }
        guard moves == BenchmarkFlow.movesPerContact, !session.state.isActive else {
            fatalError("the benchmark contact made \(moves) moves; expected \(BenchmarkFlow.movesPerContact) and an end")
        }
    } catch {
        fatalError("the benchmark contact failed: \(error)")
    }

    Benchmark(
        "Interpreter: contacts of 18 moves on a 15-state IVR flow",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal], timeUnits: .nanoseconds,
            scalingFactor: .kilo, maxDuration: .seconds(5))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let started = try stepper.start(start, program: program, at: 0)
            blackHole(started.records)
            var session = started.session
            for event in script {
                blackHole(try stepper.apply(event, to: &session).records)
            }
        }
    }
}
