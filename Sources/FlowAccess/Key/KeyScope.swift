/// What a key may reach beyond its role: an adapter's channels, the agent an agent key acts
/// as, and whether the key is granted PII in clear (docs/service.md, "PII").
///
/// ```swift
/// let ivr = KeyScope(channels: ["ivr"])
/// let desk = KeyScope(agent: "A2", piiReader: true)
/// ```
public struct KeyScope: Sendable, Hashable, Codable {
    /// The channels an adapter key drives sessions on, sorted and without repeats; empty for
    /// every other role.
    public var channels: [String]
    /// The agent id an agent key acts as; nil for every other role.
    public var agent: String?
    /// The explicit `pii-reader` grant: responses show `pii` variables in clear.
    public var piiReader: Bool

    public init(channels: [String] = [], agent: String? = nil, piiReader: Bool = false) {
        self.channels = Array(Set(channels)).sorted()
        self.agent = agent
        self.piiReader = piiReader
    }

    /// The roles that may hold the `pii-reader` grant: those that read sessions for people
    /// (docs/service.md, "PII"). Adapters already hold what they sent; designers and admins
    /// read no session at all.
    public static let piiReaderRoles: Set<Role> = [.agent, .qa, .auditor]

    /// Checks that the scope fits the role: an adapter names at least one channel, an agent
    /// key names its agent, no other role carries either, and `pii-reader` goes only to
    /// `piiReaderRoles`.
    public func check(for role: Role) throws(KeyError) {
        for channel in channels where !Self.isName(channel) {
            throw .badValue(field: "channel", value: channel, expected: "a channel name: lowercase letters, digits, '-'")
        }
        if let agent, !Self.isName(agent, allowingUpper: true) {
            throw .badValue(field: "agent", value: agent, expected: "an agent id: letters, digits, '-', '.', '_'")
        }
        switch role {
        case .adapter:
            guard !channels.isEmpty else { throw .scope("an adapter key needs at least one --channel") }
            guard agent == nil else { throw .scope("an adapter key acts on channels, not as an agent: drop --agent") }
        case .agent:
            guard let agent, !agent.isEmpty else { throw .scope("an agent key needs --agent ID (the agent it acts as)") }
            guard channels.isEmpty else { throw .scope("an agent key is scoped to its agent, not to channels: drop --channel") }
        default:
            guard channels.isEmpty else { throw .scope("a \(role.rawValue) key takes no --channel (only adapter keys do)") }
            guard agent == nil else { throw .scope("a \(role.rawValue) key takes no --agent (only agent keys do)") }
        }
        if piiReader, !Self.piiReaderRoles.contains(role) {
            let allowed = Self.piiReaderRoles.map(\.rawValue).sorted().joined(separator: ", ")
            throw .scope("the pii-reader grant is for \(allowed) keys only, not \(role.rawValue)")
        }
    }

    static func isName(_ text: String, allowingUpper: Bool = false) -> Bool {
        guard !text.isEmpty, text.count <= 64 else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "0"..."9", "-": true
            case "A"..."Z", ".", "_": allowingUpper
            default: false
            }
        }
    }
}
