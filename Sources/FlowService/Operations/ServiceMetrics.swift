import FlowRuntime
import FlowStore
import Foundation
import Prometheus

/// What `GET /metrics` shows, in the Prometheus text format: sessions by contact point and
/// outcome (from the engine's step notices), requests by route and status, their latency,
/// the latency of durable answers, and denied requests by code.
///
/// ```swift
/// let metrics = ServiceMetrics()
/// let subscription = metrics.observe(host.steps)
/// print(metrics.exposition(store: host.store))
/// ```
///
/// Active sessions are those the store held active when the service started
/// (`countActiveSessions(in:)`), plus those started since, minus those ended since.
public final class ServiceMetrics: Sendable {
    /// The registry every metric lives in (the service's own: nothing global is bootstrapped).
    public let registry = PrometheusCollectorRegistry()

    /// Latency buckets, in seconds: 0.5 ms to 1 s.
    static let buckets: [Duration] = [
        0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
    ].map { Duration.nanoseconds(Int64(($0 * 1e9).rounded())) }

    private let made = MadeMetrics()
    private let storeTransactions: Gauge
    private let storeSteps: Gauge
    private let storeWriteSeconds: Gauge

    public init() {
        storeTransactions = registry.makeGauge(
            descriptor: Self.name("store_transactions", "total", "Transactions the session store committed since it opened (each one fsync)."))
        storeSteps = registry.makeGauge(
            descriptor: Self.name("store_steps", "total", "Steps the session store committed since it opened."))
        storeWriteSeconds = registry.makeGauge(
            descriptor: Self.name("store_write", "seconds_total", "Time the store's writer spent writing (and syncing) since it opened."))
    }

    // MARK: Sessions

    static let activeHelp = "Sessions active, by contact point (those the store held at start, plus started, minus ended)."

    /// Sets the active sessions gauge to what the store holds: called once at start, before
    /// any step, so that sessions an earlier run left active are counted (and their end
    /// does not take the gauge below zero).
    public func countActiveSessions(in store: SQLiteSessionStore) async throws {
        for (point, count) in try await store.activeSessionsByContactPoint() {
            gauge("sessions_active", Self.activeHelp, point).set(Double(count))
        }
    }

    /// Counts the sessions of every durable step published on `steps`.
    public func observe(_ steps: StepBroadcast) -> StepBroadcast.Subscription {
        steps.subscribe { [self] notice in record(notice) }
    }

    /// One durable step: a session started, ended, or both.
    func record(_ notice: StepNotice) {
        let point = notice.contactPoint.code
        RequestTrace.current?.committed(session: notice.response.session)
        if notice.started {
            counter("sessions_started", "Sessions started, by contact point.", [("contact_point", point)]).increment()
            gauge("sessions_active", Self.activeHelp, point).increment()
        }
        if let outcome = notice.response.ended {
            counter(
                "sessions_ended", "Sessions ended, by contact point and outcome.",
                [("contact_point", point), ("outcome", outcome.rawValue)]
            ).increment()
            gauge("sessions_active", Self.activeHelp, point).decrement()
        }
    }

    // MARK: Requests

    /// One request answered: its route (the template, `/v1/sessions/{id}`), method, status,
    /// how long it took, and when it caused a durable step, how long until that step was durable.
    func record(
        route: String, method: String, status: Int, duration: Duration, durableAfter: Duration?, deniedCode: String?
    ) {
        counter(
            "http_requests", "Requests answered, by route, method and status.",
            [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        histogram("http_request_duration", "Time from a request to its answer, by route.", route: route).record(duration)
        if let durableAfter {
            histogram(
                "durable_answer", "Time from a request to its step being durable in the log (the commit included), by route.",
                route: route
            ).record(durableAfter)
        }
        if let deniedCode {
            counter("denied_requests", "Requests refused at the door (401, 403), by code.", [("code", deniedCode)]).increment()
        }
    }

    // MARK: Exposition

    /// The text format, with the store's commit figures read now.
    public func exposition(store: SQLiteSessionStore) -> String {
        let statistics = store.statistics
        storeTransactions.set(Int64(statistics.transactions))
        storeSteps.set(Int64(statistics.steps))
        let writing = statistics.writing.components
        storeWriteSeconds.set(Double(writing.seconds) + Double(writing.attoseconds) / 1e18)
        return registry.emitToString()
    }

    // MARK: Helpers

    // The registry gives the same metric for the same name and labels, but checks the name
    // and help text each time it is asked: the handles are kept, by name and label values.

    private func counter(_ name: String, _ help: String, _ labels: [(String, String)]) -> Counter {
        made.metric(name, labels) { registry.makeCounter(descriptor: Self.name(name, "total", help), labels: labels) }
    }

    private func gauge(_ name: String, _ help: String, _ point: String) -> Gauge {
        let labels = [("contact_point", point)]
        return made.metric(name, labels) { registry.makeGauge(descriptor: Self.name(name, "", help), labels: labels) }
    }

    private func histogram(_ name: String, _ help: String, route: String) -> DurationHistogram {
        let labels = [("route", route)]
        return made.metric(name, labels) {
            registry.makeDurationHistogram(descriptor: Self.name(name, "seconds", help), labels: labels, buckets: Self.buckets)
        }
    }

    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "flowmap", metricName: metric, unitName: unit, helpText: help)
    }
}

/// The metrics `ServiceMetrics` has made, by name and label values (the label names are fixed by the name).
private final class MadeMetrics: @unchecked Sendable {
    private let lock = NSLock()
    private var metrics: [String: AnyObject] = [:]

    func metric<Metric: AnyObject>(_ name: String, _ labels: [(String, String)], make: () -> Metric) -> Metric {
        var key = name
        for (_, value) in labels {
            key += "\u{1F}"
            key += value
        }
        return lock.withLock {
            if let known = metrics[key] { return unsafeDowncast(known, to: Metric.self) }
            let metric = make()
            metrics[key] = metric
            return metric
        }
    }
}
