import Benchmark
import FlowLoading
import Foundation

/// Load and lint a library of 1,000 flows of 50 states (target: under 1 s, under 500 MB),
/// and hostile files (each must be refused fast, with bounded memory).
let benchmarks: @Sendable () -> Void = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("flowmap-lint-benchmark")
    let library = root.appendingPathComponent("library")
    let hostile = root.appendingPathComponent("hostile")

    Benchmark(
        "Load and lint 1,000 flows x 50 states",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
            timeUnits: .milliseconds, warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(30),
            maxIterations: 10,
            setup: {
                try LibraryGenerator.write(to: library, businesses: 250, statesPerFlow: 50)
                let check = FlowLibrary.load(paths: [library.path])
                guard check.flows.count == 1000, check.diagnostics.isEmpty,
                    check.flows.allSatisfy({ $0.states.count == 50 })
                else {
                    let sample = check.diagnostics.prefix(5).map(\.formatted).joined(separator: "\n")
                    fatalError("the generated library must be 1,000 clean flows of 50 states; got \(check.flows.count) flows and:\n\(sample)")
                }
            }
        )
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(FlowLibrary.load(paths: [library.path]))
        }
    }

    let hostileFiles: [(name: String, bytes: [UInt8])] = [
        ("alias bomb (10^9 nodes)", Array(aliasBomb().utf8)),
        ("nesting 100,000 levels", Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)),
        ("8 MB of one scalar", Array("id: \"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 8 * 1024 * 1024 - 10) + Array("\"\n".utf8)),
        ("invalid UTF-8 after 4 MB", [UInt8](repeating: UInt8(ascii: "#"), count: 4 * 1024 * 1024) + [0xFF]),
    ]
    for file in hostileFiles {
        let path = hostile.appendingPathComponent("\(file.name.filter { $0.isLetter || $0.isNumber }).yaml")
        Benchmark(
            "Refuse hostile file: \(file.name)",
            configuration: .init(
                metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds, warmupIterations: 1,
                maxDuration: .seconds(10), maxIterations: 20,
                setup: {
                    try FileManager.default.createDirectory(at: hostile, withIntermediateDirectories: true)
                    try Data(file.bytes).write(to: path)
                }
            )
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(FlowLibrary.load(paths: [path.path]))
            }
        }
    }
}

/// Nine levels of ten aliases each: 10^9 nodes if expanded.
private func aliasBomb() -> String {
    var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1...9 {
        text += "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]\n"
    }
    return text
}
