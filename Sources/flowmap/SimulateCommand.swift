import ArgumentParser
import FlowLoading
import FlowModel
import FlowRuntime
import FlowSimulation
import FlowStore
import Foundation

/// `flowmap simulate`: realistic traffic across the whole flow map, through the real
/// engine into the real store.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run simulated contacts across the flow map through the engine into the store.",
        discussion: """
            Publishes the library into the store (so every session's flow version is kept), then \
            runs contacts spread over the given days with a hotline's hours (peaks late morning, \
            early afternoon and evening), in the given channel mix. Customers sometimes stay silent, \
            type what does not fit or hang up; hosts sometimes fail or time out; agents in guided \
            channels sometimes skip a step (an override with a reason) or do it outside the engine. \
            The same seed gives the same sessions; run again with another seed for more traffic.
            """
    )

    @Option(help: "The flow library: a folder with flowmap.yaml and the flows.")
    var library = "Flows"

    @Option(help: "The SQLite store to write (created if missing).")
    var store = "flowmap.sqlite"

    @Option(help: "How many contacts to simulate.")
    var contacts = 10_000

    @Option(help: "The seed: the same seed gives the same contacts.")
    var seed: UInt64 = 1

    @Option(help: "The first day, YYYY-MM-DD, in the flow map's time zone.")
    var start = "2026-11-01"

    @Option(help: "Over how many days the contacts are spread.")
    var days = 30

    @Option(name: .customLong("channel-mix"), help: "Share of contacts per channel, e.g. phone=40,ivr=35,web=15,sms=10.")
    var channelMix = "phone=40,ivr=35,web=15,sms=10"

    @Option(help: "Agents serving the guided channels.")
    var agents = 60

    @Option(name: .customLong("deviation-rate"), help: "Chance per step that an agent strays from the designed path (guided channels).")
    var deviationRate = 0.04

    @Option(name: .customLong("abandon-rate"), help: "Chance per step that a customer hangs up.")
    var abandonRate = 0.02

    @Option(name: .customLong("timeout-rate"), help: "Chance per step that a customer stays silent or a host times out.")
    var timeoutRate = 0.03

    @Option(name: .customLong("no-match-rate"), help: "Chance per step that a customer gives input that does not fit.")
    var noMatchRate = 0.04

    @Option(name: .customLong("org-deviation-rate"), help: "Chance per step that the wrong person acts in a guided flow (a step not theirs, a transfer picked up by the wrong unit, a colleague without a transfer).")
    var orgDeviationRate = 0.03

    @Option(help: "Contacts in flight at once.")
    var concurrency = 256

    @Flag(help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard contacts > 0 else { throw ValidationError("--contacts must be at least 1") }
        guard days > 0 else { throw ValidationError("--days must be at least 1") }
        guard concurrency > 0 else { throw ValidationError("--concurrency must be at least 1") }
        for (name, rate) in [
            ("deviation-rate", deviationRate), ("abandon-rate", abandonRate), ("timeout-rate", timeoutRate),
            ("no-match-rate", noMatchRate), ("org-deviation-rate", orgDeviationRate),
        ] where !(0...1).contains(rate) {
            throw ValidationError("--\(name) must be between 0 and 1, not \(rate)")
        }
        _ = try parsedMix()
        _ = try startTime()
    }

    func parsedMix() throws -> [String: Double] {
        var mix: [String: Double] = [:]
        for part in channelMix.split(separator: ",") {
            let pair = part.split(separator: "=")
            guard pair.count == 2, let weight = Double(pair[1]), weight >= 0 else {
                throw ValidationError("--channel-mix '\(part)' is not channel=weight")
            }
            mix[String(pair[0]).trimmingCharacters(in: .whitespaces)] = weight
        }
        guard mix.values.contains(where: { $0 > 0 }) else { throw ValidationError("--channel-mix gives no channel a share") }
        return mix
    }

    /// Midnight of `--start` in `timeZone` (the centre's), in milliseconds since 1970.
    func startTime(in timeZone: TimeZone = TimeZone(identifier: "UTC")!) throws -> Int64 {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        guard let date = formatter.date(from: start) else { throw ValidationError("--start '\(start)' is not YYYY-MM-DD") }
        return Int64(date.timeIntervalSince1970 * 1000)
    }

    func run() async throws {
        let loaded = FlowLibrary.load(paths: [library])
        if loaded.hasErrors {
            for diagnostic in loaded.diagnostics where diagnostic.severity == .error { print(diagnostic.formatted) }
            throw ValidationError("the library has \(loaded.errorCount) lint errors; run flowmap lint \(library)")
        }
        let sessionStore = try SQLiteSessionStore(path: store)
        defer { sessionStore.close() }
        let versions = FlowVersionStore(store: sessionStore)
        let published = try versions.publish(paths: [library])
        let changed = published.filter { $0.status != .unchanged }.count
        print("Published \(published.count) documents to \(store) (\(changed) new or changed).")
        let programs = try versions.programLibrary()
        guard let flowMap = try versions.currentFlowMap() ?? loaded.flowMap else {
            throw ValidationError("the library has no flowmap.yaml")
        }
        let channels = Set(flowMap.channels.map(\.id))
        let mix = try parsedMix()
        for channel in mix.keys where !channels.contains(channel) {
            throw ValidationError("--channel-mix names '\(channel)', which the flow map does not have")
        }
        let engine = Engine(library: programs, flowMap: flowMap, store: sessionStore, clock: SystemClock())
        let plan = SimulationPlan(
            contacts: contacts, seed: seed,
            start: try startTime(in: flowMap.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!),
            days: days, channelMix: mix, agents: agents,
            deviationRate: deviationRate, abandonRate: abandonRate, timeoutRate: timeoutRate, noMatchRate: noMatchRate,
            orgDeviationRate: orgDeviationRate, concurrency: concurrency)
        let simulation = Simulation(engine: engine, catalog: programs, flowMap: flowMap, plan: plan)
        let bar = ProgressBar(total: contacts, enabled: !quiet)
        let began = Date()
        let summary = try await simulation.run { done in bar.update(done) }
        bar.finish()
        let elapsed = Date().timeIntervalSince(began)
        print(Self.report(summary, elapsed: elapsed, store: store))
    }

    static func report(_ summary: Simulation.Summary, elapsed: TimeInterval, store: String) -> String {
        let rate = elapsed > 0 ? Int(Double(summary.records) / elapsed) : 0
        var lines = [
            "Simulated \(summary.contacts.grouped) contacts: \(summary.events.grouped) events, \(Int(summary.records).grouped) records in \(String(format: "%.1f", elapsed)) s (\(rate.grouped) records/s).",
            "By channel: " + summary.byChannel.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.grouped)" }.joined(separator: ", "),
            "Outcomes: " + EndOutcome.allCases.compactMap { outcome in
                summary.outcomes[outcome].map { "\(outcome.rawValue) \($0.grouped)" }
            }.joined(separator: ", ") + (summary.stillOpen > 0 ? ", still open \(summary.stillOpen.grouped)" : ""),
        ]
        if summary.refused > 0 { lines.append("Events the flows refused (and the customer then tried otherwise): \(summary.refused.grouped)") }
        lines.append("The traversal log is in \(store); check its hash chains with: flowmap log verify --store \(store)")
        return lines.joined(separator: "\n")
    }
}

/// A progress bar on standard error; plain lines every 10% when it is not a terminal.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let enabled: Bool
    private let terminal = isatty(STDERR_FILENO) != 0
    private let lock = NSLock()
    // Guarded by `lock`.
    private var lastDrawn = Date.distantPast
    private var lastTenth = -1
    private let began = Date()

    init(total: Int, enabled: Bool) {
        self.total = max(1, total)
        self.enabled = enabled
    }

    func update(_ done: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if terminal {
            guard Date().timeIntervalSince(lastDrawn) > 0.1 || done == total else { return }
            lastDrawn = Date()
            let width = 30
            let filled = done * width / total
            let rate = Double(done) / max(0.001, Date().timeIntervalSince(began))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(done.grouped)/\(total.grouped) contacts  \(Int(rate).grouped)/s ".utf8))
        } else {
            let tenth = done * 10 / total
            guard tenth != lastTenth else { return }
            lastTenth = tenth
            FileHandle.standardError.write(Data("\(done.grouped)/\(total.grouped) contacts\n".utf8))
        }
    }

    func finish() {
        guard enabled, terminal else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

extension Int {
    /// `12,345`.
    var grouped: String {
        let digits = String(magnitude)
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return (self < 0 ? "-" : "") + text
    }
}
