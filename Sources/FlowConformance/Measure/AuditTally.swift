import Foundation

/// Every streaming aggregate of an audit in one value: one per measuring thread, merged at
/// the end.
///
/// ```swift
/// var measurer = SessionMeasurer(catalog: catalog)
/// var tally = AuditTally(catalog: catalog, timeZone: zone)
/// for trace in sessions { tally.add(measurer.measure(trace)) }
/// ```
public struct AuditTally: Sendable {
    public var conformance = ConformanceTally()
    public var personSteps = PersonStepTally()
    public var variants = VariantTally()
    public var stateTimes: StateTimes
    public var coverage: Coverage
    /// Days in the report's time zone, cached from one session to the next.
    public var calendar: PeriodCalendar

    public init(catalog: NetCatalog, timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        stateTimes = StateTimes(catalog: catalog)
        coverage = Coverage(catalog: catalog)
        calendar = PeriodCalendar(timeZone: timeZone)
    }

    /// Counts one measured session in every aggregate, on the day of its first record.
    public mutating func add(_ verdict: SessionVerdict) {
        let day = calendar.day(of: verdict.startedAt)
        conformance.add(verdict, day: day)
        personSteps.add(verdict, day: day)
        variants.add(verdict)
        stateTimes.add(verdict)
        coverage.add(verdict)
    }

    public mutating func merge(_ other: AuditTally) {
        conformance.merge(other.conformance)
        personSteps.merge(other.personSteps)
        variants.merge(other.variants)
        stateTimes.merge(other.stateTimes)
        coverage.merge(other.coverage)
    }
}
