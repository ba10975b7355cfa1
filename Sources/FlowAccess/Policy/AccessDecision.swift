/// The answer of `AccessPolicy.authorise`.
public enum AccessDecision: Sendable, Hashable {
    case allowed
    case denied(DenialReason)

    public var isAllowed: Bool { self == .allowed }
}

/// Why an action is refused, naming what is missing: the role, the channel or the agent.
public enum DenialReason: Sendable, Hashable, CustomStringConvertible {
    /// The key is disabled (or its rotation grace period is over).
    case disabledKey(id: String)
    /// The key's role may not do this at all; `allowed` lists the roles that may.
    case role(Role, action: Action, allowed: [Role])
    /// An adapter key acting outside its channels (`target` nil: the target names none).
    case channel(keyChannels: [String], target: String?)
    /// An agent key acting in a session not assigned to its agent (`assigned` nil: to nobody).
    case agent(keyAgent: String?, assigned: String?)
    /// The action needs a session or a channel and the target gives none.
    case target(action: Action, needs: String)

    /// A stable code, for answers and the denial log.
    public var code: String {
        switch self {
        case .disabledKey: "disabled-key"
        case .role: "role"
        case .channel: "channel"
        case .agent: "agent"
        case .target: "target"
        }
    }

    public var description: String {
        switch self {
        case .disabledKey(let id):
            return "key '\(id)' is disabled"
        case .role(let role, let action, let allowed):
            let roles = allowed.isEmpty ? "no role" : allowed.map(\.rawValue).joined(separator: ", ")
            return "role \(role.rawValue) may not \(action.rawValue) (allowed: \(roles))"
        case .channel(let channels, let target):
            let held = channels.isEmpty ? "none" : channels.joined(separator: ", ")
            guard let target else { return "the target names no channel; the key's channels: \(held)" }
            return "channel \(target) is not one of the key's channels (\(held))"
        case .agent(let keyAgent, let assigned):
            guard let assigned else { return "the session is assigned to no agent; the key acts as \(keyAgent ?? "no agent")" }
            return "the session is assigned to agent \(assigned), not \(keyAgent ?? "no agent")"
        case .target(let action, let needs):
            return "\(action.rawValue) needs \(needs)"
        }
    }
}
