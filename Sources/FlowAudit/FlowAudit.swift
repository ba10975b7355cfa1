/// FlowAudit: the audit over a flowmap store, read-only (docs/auditing.md, "Design").
///
/// ```
/// Scan/     LogScanner (finished sessions streamed from the log as SessionTraces),
///           Selection (which sessions), AuditCatalog (the flow versions the log names)
/// QA/       QAStore (campaigns, samples, inspections; append-only), Sampler
/// Export/   XES (IEEE 1849), OCEL 2.0 JSON, CSV, JSON
/// Report/   MonthlyReport: report.json, report.csv, index.html (Mustache)
/// ```
public enum FlowAudit {}
