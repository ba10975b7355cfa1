// swift-tools-version: 6.1
import PackageDescription

// Module layers (arrows point down only):
//   FlowExpression  the typed expression language: parse, check, evaluate
//   FlowModel       values: flows, states, transitions, the flow map, contact points
//   FlowLoading     YAML -> model with source locations, and every lint rule
//   FlowPresentation matrix tables, the flow query, state-machine diagrams
//   FlowRuntime     compiled programs, the pure step, sessions, the engine (store as a protocol)
//   FlowStore       the SQLite store (GRDB): sessions, timers, traversal log, published versions
//   FlowSimulation  realistic traffic across the flow map, through the real engine
//   FlowConformance the four conformance measurements over traces (pure: no store, no I/O)
//   FlowAudit       audit over the store (read-only): log scanning, selections, QA store,
//                   exports (XES, OCEL, PNML, CSV, JSON), the monthly report
//   FlowService     the engine service over HTTP/JSON (Hummingbird 2): `flowmap serve`
//   FlowAccess      who may do what: keys (secrets kept as hashes), roles, the permission
//                   matrix, denials logged (GRDB; no NIO), for the engine service
//   flowmap         the command-line tool
// The engine core stays free of NIO, Hummingbird and postgres-nio so it builds in minutes.
let package = Package(
    name: "flowmap",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "flowmap", targets: ["flowmap"]),
        .library(name: "FlowExpression", targets: ["FlowExpression"]),
        .library(name: "FlowModel", targets: ["FlowModel"]),
        .library(name: "FlowLoading", targets: ["FlowLoading"]),
        .library(name: "FlowPresentation", targets: ["FlowPresentation"]),
        .library(name: "FlowRuntime", targets: ["FlowRuntime"]),
        .library(name: "FlowStore", targets: ["FlowStore"]),
        .library(name: "FlowSimulation", targets: ["FlowSimulation"]),
        .library(name: "FlowConformance", targets: ["FlowConformance"]),
        .library(name: "FlowAudit", targets: ["FlowAudit"]),
        .library(name: "FlowAccess", targets: ["FlowAccess"]),
        .library(name: "FlowService", targets: ["FlowService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", exact: "2.8.1"),
        .package(url: "https://github.com/apple/swift-configuration", exact: "1.4.0", traits: ["JSON", "YAML"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system", exact: "1.8.1"),
        // Programs (Graphviz's dot; `flowmap` in tests) are started through it: Foundation's
        // `Process.run` on Linux over-reads /proc/self/fd entries and crashes now and then
        // (swift-corelibs-foundation#5472).
        .package(url: "https://github.com/swiftlang/swift-subprocess", exact: "1.0.2"),
    ],
    targets: [
        .target(name: "FlowExpression"),
        .target(name: "FlowModel", dependencies: ["FlowExpression"]),
        .target(
            name: "FlowLoading",
            dependencies: [
                "FlowModel",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "FlowPresentation",
            dependencies: [
                "FlowModel",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]),
        .target(
            name: "FlowRuntime",
            dependencies: [
                "FlowModel", "FlowExpression",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "FlowSimulation", dependencies: ["FlowRuntime", "FlowModel"]),
        .target(
            name: "FlowConformance",
            dependencies: [
                "FlowRuntime", "FlowModel",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(
            name: "FlowStore",
            dependencies: [
                "FlowRuntime", "FlowLoading", "FlowModel",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "FlowAudit",
            dependencies: [
                "FlowStore", "FlowConformance", "FlowRuntime", "FlowLoading", "FlowModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "FlowAccess",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "FlowService",
            dependencies: [
                "FlowRuntime", "FlowStore", "FlowLoading", "FlowModel", "FlowExpression", "FlowAccess",
                "FlowPresentation", "FlowAudit", "FlowConformance",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .executableTarget(
            name: "flowmap",
            dependencies: [
                "FlowLoading", "FlowPresentation", "FlowRuntime", "FlowStore", "FlowSimulation", "FlowConformance",
                "FlowAudit", "FlowAccess", "FlowService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared by the test targets that run the real `flowmap` binary.
        .target(
            name: "FlowmapTestSupport",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Tests/Support"),
        .testTarget(
            name: "FlowExpressionTests",
            dependencies: [
                "FlowExpression",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "FlowLoadingTests", dependencies: ["FlowLoading"], exclude: ["Fixtures"]),
        .testTarget(name: "FlowPresentationTests", dependencies: ["FlowPresentation", "FlowLoading"], exclude: ["Fixtures"]),
        .testTarget(name: "SchemaTests", dependencies: ["FlowLoading"], exclude: ["Fixtures"]),
        .testTarget(name: "FlowRuntimeTests", dependencies: ["FlowRuntime", "FlowLoading"], exclude: ["Fixtures"]),
        .testTarget(
            name: "FlowStoreTests",
            dependencies: [
                "FlowStore", "FlowRuntime", "FlowLoading", "FlowSimulation", "FlowmapTestSupport",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]),
        .testTarget(name: "FlowSimulationTests", dependencies: ["FlowSimulation", "FlowRuntime", "FlowLoading"]),
        .testTarget(
            name: "FlowConformanceTests", dependencies: ["FlowConformance", "FlowRuntime", "FlowLoading"], exclude: ["Fixtures"]),
        .testTarget(
            name: "FlowAuditTests",
            dependencies: ["FlowAudit", "FlowConformance", "FlowStore", "FlowRuntime", "FlowLoading", "FlowSimulation", "FlowmapTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "FlowAccessTests", dependencies: ["FlowAccess", "FlowmapTestSupport"]),
        .testTarget(
            name: "FlowServiceTests",
            dependencies: [
                "FlowService", "FlowAccess", "FlowStore", "FlowRuntime", "FlowLoading", "FlowModel",
                "FlowAudit", "FlowmapTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Load", "Fixtures"]),
        .testTarget(name: "FlowmapCLITests", dependencies: ["FlowLoading", "flowmap", "FlowmapTestSupport"], exclude: ["Fixtures"]),
    ]
)
