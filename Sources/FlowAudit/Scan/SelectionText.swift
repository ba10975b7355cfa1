import FlowConformance
import FlowModel
import FlowRuntime

/// A selection as a person writes it: the options of `flowmap audit ...`, the query
/// parameters of the service's audit routes. One place reads it into a `Selection` and
/// states it back (what a sampling campaign records it was drawn from).
///
/// ```swift
/// var text = SelectionText()
/// text.channels = ["ivr"]
/// text.period = "2026-11"
/// let selection = try text.selection()   // AuditError.badValue names the option
/// text.stated                            // "--channel ivr --period 2026-11"
/// ```
public struct SelectionText: Sendable, Hashable {
    public var contactPoints: [String] = []
    public var flows: [String] = []
    public var version: String?
    public var businesses: [String] = []
    public var channels: [String] = []
    public var agents: [String] = []
    public var orgUnits: [String] = []
    public var from: String?
    public var to: String?
    public var period: String?
    public var deviations: [String] = []
    public var outcomes: [String] = []

    public init() {}

    /// The selection, its dates, period, deviation types and outcomes read.
    /// - Throws: `AuditError.badValue` naming the option (`--period`, `--deviation`...) and the text.
    public func selection() throws(AuditError) -> Selection {
        var selection = Selection()
        selection.contactPoints = contactPoints
        selection.flows = flows
        selection.version = version
        selection.businesses = businesses
        selection.channels = channels
        selection.agents = agents
        selection.orgUnits = orgUnits
        do {
            if let from { selection.from = try Selection.date(from, option: "--from") }
            if let to { selection.to = try Selection.date(to, option: "--to") }
            if let period { selection.restrict(to: try Selection.Period(period)) }
        } catch let error as AuditError {
            throw error
        } catch {
            throw .badValue(option: "--period", value: period ?? "", expected: "\(error)")
        }
        for text in deviations {
            guard let type = DeviationType.allCases.first(where: { $0.description == text }) else {
                throw .badValue(
                    option: "--deviation", value: text,
                    expected: "one of " + DeviationType.allCases.map(\.description).joined(separator: ", "))
            }
            selection.deviationTypes.append(type)
        }
        for text in outcomes {
            guard let outcome = EndOutcome(rawValue: text) else {
                throw .badValue(
                    option: "--outcome", value: text, expected: "one of " + EndOutcome.allCases.map(\.rawValue).joined(separator: ", "))
            }
            selection.outcomes.append(outcome)
        }
        return selection
    }

    /// The selection as options, in a fixed order (`--period 2026-11 --channel phone`).
    public var stated: String {
        var parts: [String] = []
        func add(_ option: String, _ values: [String]) { for value in values { parts.append("--\(option) \(value)") } }
        add("contact-point", contactPoints)
        add("flow", flows)
        add("version", version.map { [$0] } ?? [])
        add("business", businesses)
        add("channel", channels)
        add("agent", agents)
        add("org-unit", orgUnits)
        add("period", period.map { [$0] } ?? [])
        add("from", from.map { [$0] } ?? [])
        add("to", to.map { [$0] } ?? [])
        add("deviation", deviations)
        add("outcome", outcomes)
        return parts.isEmpty ? "(all finished sessions)" : parts.joined(separator: " ")
    }
}
