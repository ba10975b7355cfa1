import FlowConformance
import FlowModel
import FlowRuntime
import Foundation

/// Which finished sessions an audit looks at: by contact point, flow, version, business,
/// channel, agent, org unit, period, deviation type and outcome. Empty lists select
/// everything; several values of one kind select any of them; kinds combine with "and".
///
/// ```swift
/// var selection = Selection()
/// selection.flows = ["bill-inquiry.ivr"]
/// selection.period = try Selection.Period("2026-11")          // a month, week or day
/// selection.deviationTypes = [.override]
/// ```
///
/// A session's agent and org unit are its owner's (docs/auditing.md, "First-contact
/// ownership"); an org unit selects the units below it too. The period is the day of the
/// session's first record in the audit's time zone. What the log says outright (flow,
/// version, contact point, period) is decided at a session's first record, and sessions
/// not selected are never kept; agent, org unit, deviation type and outcome are decided
/// once the session is measured.
public struct Selection: Sendable, Hashable {
    public var contactPoints: [String] = []
    public var flows: [String] = []
    /// A version hash or its prefix; with `flows`, of those flows.
    public var version: String?
    public var businesses: [String] = []
    public var channels: [String] = []
    public var agents: [String] = []
    public var orgUnits: [String] = []
    /// First and last day, inclusive.
    public var from: Day?
    public var to: Day?
    public var deviationTypes: [DeviationType] = []
    public var outcomes: [EndOutcome] = []

    public init() {}

    /// Everything.
    public static let all = Selection()

    /// A day, ISO week or month, as the first and last day it holds.
    public struct Period: Sendable, Hashable {
        public var first: Day
        public var last: Day

        /// `2026-11-02`, `2026-W47` or `2026-11`.
        /// - Throws: `AuditError.badValue` naming the text.
        public init(_ text: String) throws {
            if let day = Selection.day(text) {
                first = day
                last = day
            } else if let month = Month(text) {
                first = month.firstDay
                last = Day(number: month.next.firstDay.number - 1)
            } else if let week = Selection.week(text) {
                first = week
                last = Day(number: week.number + 6)
            } else {
                throw AuditError.badValue(option: "--period", value: text, expected: "a day (2026-11-02), ISO week (2026-W47) or month (2026-11)")
            }
        }
    }

    /// Narrows the selection to a period.
    public mutating func restrict(to period: Period) {
        from = max(from ?? period.first, period.first)
        to = min(to ?? period.last, period.last)
    }

    /// A `YYYY-MM-DD` date.
    /// - Throws: `AuditError.badValue` naming the option and the text.
    public static func date(_ text: String, option: String) throws -> Day {
        guard let day = day(text) else { throw AuditError.badValue(option: option, value: text, expected: "a date YYYY-MM-DD") }
        return day
    }

    static func day(_ text: String) -> Day? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month),
            day >= 1
        else { return nil }
        let result = Day(year: year, month: month, day: day)
        // 2026-02-30 is not a day.
        guard result.civil == (year, month, day) else { return nil }
        return result
    }

    /// The Monday of an ISO week `2026-W47`.
    static func week(_ text: String) -> Day? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].hasPrefix("W"), parts[1].count == 3,
            let year = Int(parts[0]), let week = Int(parts[1].dropFirst()), (1...53).contains(week)
        else { return nil }
        // Week 1 holds January 4th.
        let january4 = Day(year: year, month: 1, day: 4)
        let monday = Day(number: january4.number - Int32(january4.weekday - 1) + Int32((week - 1) * 7))
        guard monday.week == Week(year: year, week: week) else { return nil }
        return monday
    }

    /// Whether anything is selected after measuring.
    var needsVerdict: Bool { !agents.isEmpty || !orgUnits.isEmpty || !deviationTypes.isEmpty || !outcomes.isEmpty }

    /// The selection resolved against the audited versions, names as ids.
    /// - Throws: `AuditError.unknownName` for a flow, version, business, channel or org
    ///   unit that the catalog or the flow map does not have; `.badValue` when `from` is after `to`.
    public func resolved(in audit: AuditCatalog) throws -> ResolvedSelection {
        let catalog = audit.catalog
        var programs = [Bool](repeating: true, count: catalog.count)
        if !flows.isEmpty {
            var allowed = Set<Int32>()
            for flow in flows { allowed.formUnion(try audit.programs(flow: flow, version: version)) }
            for index in programs.indices where !allowed.contains(Int32(index)) { programs[index] = false }
        } else if let version {
            let matching = (0..<Int32(catalog.count)).filter { catalog.program($0).version.hasPrefix(version.lowercased()) }
            guard !matching.isEmpty else { throw AuditError.unknownName(kind: "flow version", name: version, known: []) }
            for index in programs.indices where !matching.contains(Int32(index)) { programs[index] = false }
        }
        let map = audit.flowMap
        for business in businesses where map.business(business) == nil {
            throw AuditError.unknownName(kind: "business", name: business, known: map.businesses.map(\.id))
        }
        for channel in channels where map.channel(channel) == nil {
            throw AuditError.unknownName(kind: "channel", name: channel, known: map.channels.map(\.id))
        }
        for unit in orgUnits where !map.organisation.units.contains(where: { $0.id == unit }) {
            throw AuditError.unknownName(kind: "org unit", name: unit, known: map.organisation.units.map(\.id))
        }
        for index in programs.indices where programs[index] {
            let flow = catalog.program(Int32(index)).flow
            if !businesses.isEmpty, !businesses.contains(flow.business.name) { programs[index] = false }
            if !channels.isEmpty, !channels.contains(flow.channel.name) { programs[index] = false }
        }
        if let from, let to, from > to {
            throw AuditError.badValue(option: "--from", value: from.description, expected: "a day on or before --to \(to)")
        }
        let vocabulary = catalog.vocabulary
        return ResolvedSelection(
            programs: programs, contactPoints: Set(contactPoints.map { vocabulary.id(of: $0) }),
            agents: Set(agents.map { vocabulary.id(of: $0) }), orgUnits: orgUnits.map { vocabulary.id(of: $0) },
            from: from, to: to, deviationTypes: Set(deviationTypes), outcomes: Set(outcomes), catalog: catalog,
            calendar: PeriodCalendar(timeZone: audit.timeZone))
    }
}

/// A `Selection` as ids of one catalog: what the scanner tests sessions with.
public struct ResolvedSelection: Sendable {
    /// By catalog number: whether the flow version is selected.
    let programs: [Bool]
    let contactPoints: Set<Int32>
    let agents: Set<Int32>
    let orgUnits: [Int32]
    let from: Day?
    let to: Day?
    let deviationTypes: Set<DeviationType>
    let outcomes: Set<EndOutcome>
    let catalog: NetCatalog
    var calendar: PeriodCalendar

    /// Whether a session may be selected, from its first record: flow version, contact
    /// point and period.
    mutating func admits(program: Int32, contactPoint: Int32, startedAt: Int64) -> Bool {
        guard programs[Int(program)] else { return false }
        if !contactPoints.isEmpty, !contactPoints.contains(contactPoint) { return false }
        if from != nil || to != nil {
            let day = calendar.day(of: startedAt)
            if let from, day < from { return false }
            if let to, day > to { return false }
        }
        return true
    }

    /// Whether anything is left to decide after measuring.
    public var needsVerdict: Bool { !agents.isEmpty || !orgUnits.isEmpty || !deviationTypes.isEmpty || !outcomes.isEmpty }

    /// Whether a measured session is selected: its owner, deviations and outcome.
    public func admits(_ verdict: SessionVerdict) -> Bool {
        if !agents.isEmpty, !agents.contains(verdict.owner.agent) { return false }
        if !orgUnits.isEmpty,
            !orgUnits.contains(where: { verdict.owner.orgUnit >= 0 && catalog.isUnit(verdict.owner.orgUnit, within: $0) })
        {
            return false
        }
        if !deviationTypes.isEmpty, !verdict.deviations.contains(where: { deviationTypes.contains($0.type) }) { return false }
        if !outcomes.isEmpty {
            guard let outcome = verdict.outcome, outcomes.contains(outcome) else { return false }
        }
        return true
    }
}
