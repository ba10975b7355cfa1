// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that the benchmark tooling (and its release
// build) never slows the main package's build and tests. Run from this folder:
//   swift package benchmark
// See docs/benchmarks.md for each benchmark, its target and the last measured figures.
let package = Package(
    name: "flowmap-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "flowmap", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "AuditBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FlowAudit", package: "flowmap"),
                .product(name: "FlowConformance", package: "flowmap"),
            ],
            path: "Benchmarks/AuditBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ConformanceBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FlowConformance", package: "flowmap"),
                .product(name: "FlowLoading", package: "flowmap"),
                .product(name: "FlowRuntime", package: "flowmap"),
            ],
            path: "Benchmarks/ConformanceBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "LintBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FlowLoading", package: "flowmap"),
            ],
            path: "Benchmarks/LintBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "RuntimeBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FlowLoading", package: "flowmap"),
                .product(name: "FlowRuntime", package: "flowmap"),
            ],
            path: "Benchmarks/RuntimeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FlowLoading", package: "flowmap"),
                .product(name: "FlowRuntime", package: "flowmap"),
                .product(name: "FlowStore", package: "flowmap"),
            ],
            path: "Benchmarks/StoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
