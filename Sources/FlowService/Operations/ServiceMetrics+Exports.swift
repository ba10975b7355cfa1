import Prometheus

extension ServiceMetrics {
    /// An audit export began: `flowmap_audit_exports_active` up.
    func exportStarted() {
        exportsActive.increment()
    }

    /// An export's thread ended (completed, failed, or stopped because its client went
    /// away): the gauge down, and a stopped one counted.
    func exportEnded(stopped: Bool) {
        exportsActive.decrement()
        if stopped {
            registry.makeCounter(
                descriptor: Self.name(
                    "audit_exports_stopped", "total", "Audit exports stopped before their end because their client went away.")
            ).increment()
        }
    }

    /// One finished session written by an export.
    func exportedSession() {
        registry.makeCounter(
            descriptor: Self.name("audit_export_sessions", "total", "Finished sessions written by audit exports.")
        ).increment()
    }

    private var exportsActive: Gauge {
        registry.makeGauge(descriptor: Self.name("audit_exports_active", "", "Audit exports running now (their scans included)."))
    }
}
