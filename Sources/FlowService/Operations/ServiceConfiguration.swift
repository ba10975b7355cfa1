import Logging

/// How `flowmap serve` runs: where it listens, its files, its limits, its logs.
///
/// Read from a YAML file (`flowmap serve --config serve.yaml`), each key overridable by a
/// `FLOWMAP_*` environment variable (`port` by `FLOWMAP_PORT`, `key-store` by
/// `FLOWMAP_KEY_STORE`), and command-line flags above both; see `ServiceConfiguration.load`
/// and docs/service.md, "Operations".
public struct ServiceConfiguration: Sendable, Hashable {
    /// How log lines are written to standard error.
    public enum LogFormat: String, Sendable, Hashable, CaseIterable {
        /// swift-log's default handler: `2026-11-23T03:09:05+0000 info flowmap.serve : method=POST ... request`.
        case text
        /// One JSON object per line: `{"time", "level", "label", "message", ...metadata}`.
        case json
    }

    /// The address to listen on (`host`).
    public var host = "127.0.0.1"
    /// The port (`port`); 0 binds any free port.
    public var port = 8086
    /// A port of its own for `/metrics`, `/health` and `/ready` (`operations-port`), on the
    /// same address; nil: they are served on `port` with the API.
    public var operationsPort: Int?
    /// The SQLite session store (`store`).
    public var store = "flowmap.sqlite"
    /// The flow library (`library`): a folder with flowmap.yaml and the flows.
    public var library = "Flows"
    /// The key store (`key-store`); nil: beside the store.
    public var keyStore: String?
    /// The monthly reports' folder (`reports`), as `flowmap audit report --output` takes it:
    /// each report the service makes is written there, and earlier months found there give
    /// its month-over-month trend. nil: `reports/` beside the store.
    public var reports: String?
    /// The largest request body in bytes (`body-limit`), 1 to 65536.
    public var bodyLimit = 64 * 1024
    /// How far, in bytes, an audit export may run ahead of what its client has received
    /// (`export-ahead`), 64 KiB to 4 GiB: what the service holds for a slow download.
    public var exportAhead = 64 * 1024 * 1024
    /// Sessions the engine keeps in memory between events (`cache-capacity`).
    public var cacheCapacity = 10_000
    /// The longest the timer loop sleeps, in milliseconds (`timer-poll`).
    public var timerPoll = 200
    /// The lowest level logged (`log-level`): trace, debug, info, notice, warning, error, critical.
    public var logLevel = Logger.Level.info
    /// `text` or `json` (`log-format`).
    public var logFormat = LogFormat.text
    /// Seconds a graceful shutdown waits for the requests inside (`shutdown-grace`).
    public var shutdownGrace = 10.0

    public init() {}

    /// Every key a configuration file may hold, with the kind of value it takes.
    static let keys: [(name: String, kind: ValueKind)] = [
        ("host", .text), ("port", .integer(0...65535)), ("operations-port", .integer(0...65535)), ("store", .text), ("library", .text), ("key-store", .text),
        ("reports", .text), ("body-limit", .integer(1...(64 * 1024))),
        ("export-ahead", .integer((64 * 1024)...(4 << 30))), ("cache-capacity", .integer(1...10_000_000)),
        ("timer-poll", .integer(1...3_600_000)), ("log-level", .choice(Logger.Level.allCases.map(\.rawValue))),
        ("log-format", .choice(LogFormat.allCases.map(\.rawValue))), ("shutdown-grace", .seconds(0...3600)),
    ]

    /// What a key takes.
    enum ValueKind: Sendable {
        case text
        case integer(ClosedRange<Int>)
        case seconds(ClosedRange<Double>)
        case choice([String])

        var description: String {
            switch self {
            case .text: "text"
            case .integer(let range): "an integer from \(range.lowerBound) to \(range.upperBound)"
            case .seconds(let range): "a number of seconds from \(Int(range.lowerBound)) to \(Int(range.upperBound))"
            case .choice(let choices): "one of " + choices.joined(separator: ", ")
            }
        }
    }
}

/// A configuration that cannot be used: the file and place, or the variable, and the key.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
