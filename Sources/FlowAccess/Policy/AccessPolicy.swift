import Foundation

/// Who may do what: the whole role x action matrix in one table, and the checks of scope
/// (an adapter's channels, an agent's assigned sessions) that some cells carry.
///
/// ```swift
/// let decision = AccessPolicy.authorise(key, .sendInput, on: .session(channel: "ivr", assignedAgent: nil), at: now)
/// if case .denied(let reason) = decision { try keys.recordDenial(key: key.id, route: route, reason: reason.description, at: now) }
/// ```
public enum AccessPolicy {
    /// What a role gets for an action.
    public enum Grant: Sendable, Hashable {
        /// Refused, whatever the target.
        case none
        /// Allowed, whatever the target.
        case any
        /// Allowed on the key's channels only (adapters).
        case onItsChannels
        /// Allowed in sessions assigned to the key's agent only (agents).
        case asAssignedAgent
    }

    // The matrix (docs/service.md, "Permissions"). A role missing from a row gets `.none`.
    // Admin holds keys and configuration and nothing else: separating duties, an admin who
    // wants to read the audit needs an auditor key of their own, which is logged.
    public static let matrix: [Action: [Role: Grant]] = [
        .readFlowMap: [.designer: .any, .adapter: .any, .agent: .any, .qa: .any, .auditor: .any, .admin: .any],
        .lintFlow: [.designer: .any],
        .publishFlow: [.designer: .any],
        .startSession: [.adapter: .onItsChannels],
        .sendEvent: [.adapter: .onItsChannels],
        .sendInput: [.adapter: .onItsChannels, .agent: .asAssignedAgent],
        .overrideStep: [.agent: .asAssignedAgent],
        .recordStep: [.agent: .asAssignedAgent],
        .readSession: [.adapter: .onItsChannels, .agent: .asAssignedAgent, .qa: .any, .auditor: .any],
        .streamSession: [.adapter: .onItsChannels, .agent: .asAssignedAgent],
        .readAudit: [.qa: .any, .auditor: .any],
        .drawSample: [.qa: .any],
        .recordInspection: [.qa: .any],
        .readInspections: [.qa: .any, .auditor: .any],
        .manageKeys: [.admin: .any],
        .configure: [.admin: .any],
    ]

    /// What `role` gets for `action`.
    public static func grant(_ role: Role, _ action: Action) -> Grant {
        matrix[action]?[role] ?? .none
    }

    /// Decides whether `key` may do `action` on `target` at `moment`.
    public static func authorise(_ key: AccessKey, _ action: Action, on target: AccessTarget, at moment: Date) -> AccessDecision {
        guard key.status(at: moment) == .active else { return .denied(.disabledKey(id: key.id)) }
        switch grant(key.role, action) {
        case .none:
            let allowed = Role.allCases.filter { grant($0, action) != .none }
            return .denied(.role(key.role, action: action, allowed: allowed))
        case .any:
            return .allowed
        case .onItsChannels:
            guard let channel = target.channel else {
                return .denied(.target(action: action, needs: "a channel or a session"))
            }
            return key.scope.channels.contains(channel)
                ? .allowed : .denied(.channel(keyChannels: key.scope.channels, target: channel))
        case .asAssignedAgent:
            guard case .session(_, let assigned) = target else {
                return .denied(.target(action: action, needs: "a session"))
            }
            guard let agent = key.scope.agent, let assigned, assigned == agent else {
                return .denied(.agent(keyAgent: key.scope.agent, assigned: assigned))
            }
            return .allowed
        }
    }

    /// Whether responses to `key` may show `pii` variables (and `session.customer`) in clear.
    /// Only an active key with the explicit `pii-reader` grant, on a role that may hold it
    /// (agent, qa, auditor), does; every other key sees `***` (docs/service.md, "PII").
    public static func showsPIIInClear(to key: AccessKey, at moment: Date) -> Bool {
        key.status(at: moment) == .active && key.scope.piiReader && KeyScope.piiReaderRoles.contains(key.role)
    }
}
