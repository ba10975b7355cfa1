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
    /// The selection as written; FlowAudit reads it and states it back.
    var text = SelectionText()

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
        text.contactPoints = list("contactPoint")
        text.flows = list("flow")
        text.version = single("version")
        text.businesses = list("business")
        text.channels = list("channel")
        text.agents = list("agent")
        text.orgUnits = list("orgUnit")
        text.from = single("from")
        text.to = single("to")
        text.period = single("period")
        text.deviations = list("deviation")
        text.outcomes = list("outcome")
    }

    /// The selection, its dates, period, deviation types and outcomes read; a bad value is
    /// 400 naming its parameter.
    func selection() throws(ServiceError) -> Selection {
        do {
            return try text.selection()
        } catch {
            throw ServiceError(audit: error)
        }
    }

    /// The selection as the CLI's options, in a fixed order (`--period 2026-11 --channel
    /// phone`): what a campaign records it was drawn from, as `flowmap audit sample` does.
    var stated: String { text.stated }
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
        text.contactPoints = try list("contactPoint")
        text.flows = try list("flow")
        text.version = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "version"))
        text.businesses = try list("business")
        text.channels = try list("channel")
        text.agents = try list("agent")
        text.orgUnits = try list("orgUnit")
        text.from = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "from"))
        text.to = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "to"))
        text.period = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "period"))
        text.deviations = try list("deviation")
        text.outcomes = try list("outcome")
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
