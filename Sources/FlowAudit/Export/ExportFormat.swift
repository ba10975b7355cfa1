/// The formats `flowmap audit export` writes (docs/auditing.md, "Exports").
public enum ExportFormat: String, Sendable, Hashable, CaseIterable {
    /// IEEE 1849-2016 XES: one trace per segment, events labelled `s->t`.
    case xes
    /// OCEL 2.0 JSON: sessions, journeys, agents, org units and flow versions as objects.
    case ocel
    /// One row per record, every field of the log (RFC 4180).
    case csv
    /// JSON Lines: one object per record, one per line, every field of the log.
    case json
}
