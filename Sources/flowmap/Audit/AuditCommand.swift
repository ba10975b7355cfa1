import ArgumentParser

/// `flowmap audit ...`: the four conformance measurements, queries, samples, inspections,
/// exports and reports over the traversal log (docs/auditing.md). The store is opened
/// read-only; only QA commands write, and only to the QA store beside it.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Measure, query, sample, inspect, export and report on the traversal log.",
        subcommands: [
            TraversalsCommand.self,
            SessionCommand.self,
            MeasureCommand.self,
            NetCommand.self,
            ReportCommand.self,
            SampleCommand.self,
            InspectCommand.self,
            InspectionsCommand.self,
            ExportCommand.self,
        ]
    )
}
