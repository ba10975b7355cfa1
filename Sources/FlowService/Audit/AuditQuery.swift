import FlowAudit
import FlowConformance
import FlowModel
import Hummingbird

/// Which sessions an audit route looks at, from the query string: the options of the
/// CLI's selection (`flowmap audit measure --help`) as parameters.
///
/// ```
/// GET /v1/audit/measures?period=2026-11&channel=phone&channel=ivr&outcome=abandoned
/// GET /v1/audit/traversals?from=2026-11-01&to=2026-11-07&flow=bill-inquiry.ivr,balance-inquiry.ivr
/// ```
///
/// A list parameter may be repeated or comma-separated. Values are checked here (dates,
/// periods, deviation types, outcomes) and against the audited versions and the flow map
/// by `Selection.resolved(in:)`.
struct AuditQuery: Sendable, Hashable {
    var contactPoints: [String] = []
    var flows: [String] = []
    var version: String?
    var businesses: [String] = []
    var channels: [String] = []
    var agents: [String] = []
    var orgUnits: [String] = []
    var from: String?
    var to: String?
    var period: String?
    var deviations: [String] = []
    var outcomes: [String] = []

    /// The parameters each field is read from, in the order a campaign records them.
    static let parameters = [
        "contactPoint", "flow", "version", "business", "channel", "agent", "orgUnit", "period", "from", "to", "deviation",
        "outcome",
    ]

    init() {}

    /// The selection parameters of a request's query string.
    init(_ request: Request) {
        let query = request.uri.queryParameters
        func list(_ name: String) -> [String] {
            query[values: Substring(name)].flatMap { $0.split(separator: ",") }.map(String.init).filter { !$0.isEmpty }
        }
        func single(_ name: String) -> String? { query[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        contactPoints = list("contactPoint")
        flows = list("flow")
        version = single("version")
        businesses = list("business")
        channels = list("channel")
        agents = list("agent")
        orgUnits = list("orgUnit")
        from = single("from")
        to = single("to")
        period = single("period")
        deviations = list("deviation")
        outcomes = list("outcome")
    }

    /// The selection, its dates, period, deviation types and outcomes read.
    func selection() throws(ServiceError) -> Selection {
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
            throw ServiceError(audit: error)
        } catch {
            throw ServiceError(.badRequest, "bad-value", "\(error)")
        }
        var types: [DeviationType] = []
        for text in deviations {
            guard let type = DeviationType.allCases.first(where: { $0.description == text }) else {
                throw ServiceError(
                    .badRequest, "bad-value",
                    "deviation '\(text)' is not one of \(DeviationType.allCases.map(\.description).joined(separator: ", "))",
                    field: "deviation")
            }
            types.append(type)
        }
        selection.deviationTypes = types
        var ends: [EndOutcome] = []
        for text in outcomes {
            guard let outcome = EndOutcome(rawValue: text) else {
                throw ServiceError(
                    .badRequest, "bad-value",
                    "outcome '\(text)' is not one of \(EndOutcome.allCases.map(\.rawValue).joined(separator: ", "))",
                    field: "outcome")
            }
            ends.append(outcome)
        }
        selection.outcomes = ends
        return selection
    }

    /// The selection as the CLI's options, in a fixed order (`--period 2026-11 --channel
    /// phone`): what a campaign records it was drawn from, as `flowmap audit sample` does.
    var stated: String {
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

extension AuditQuery: Decodable {
    /// The same selection as a JSON object (the body of `POST /v1/qa/campaigns`): each list
    /// a string or a list of strings.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        func list(_ name: String) throws -> [String] {
            let key = Key(stringValue: name)
            if let one = try? container.decodeIfPresent(String.self, forKey: key) { return [one] }
            return try container.decodeIfPresent([String].self, forKey: key) ?? []
        }
        contactPoints = try list("contactPoint")
        flows = try list("flow")
        version = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "version"))
        businesses = try list("business")
        channels = try list("channel")
        agents = try list("agent")
        orgUnits = try list("orgUnit")
        from = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "from"))
        to = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "to"))
        period = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "period"))
        deviations = try list("deviation")
        outcomes = try list("outcome")
        for key in container.allKeys where !Self.parameters.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "not a selection field (\(Self.parameters.joined(separator: ", ")))")
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
