import Foundation

/// One line of the key store's append-only access log: an admin action on a key, or a
/// denied request.
public struct AccessLogEntry: Sendable, Hashable, Codable {
    /// What happened.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        case create
        case disable
        case rotate
        case denial
    }

    /// Its place in the log, from 1.
    public var id: Int64
    public var at: Date
    public var action: Action
    /// The admin who acted; for a denial, the owner of the key presented (or `?` when the
    /// key is unknown).
    public var by: String
    /// The key acted on or presented (the id a malformed or unknown token claimed, if any).
    public var key: String?
    /// The key's owner, when the key is known.
    public var owner: String?
    /// The route (or action) denied; nil for admin actions.
    public var route: String?
    /// Why: the denial's reason, a disable's reason, a rotation's successor, a creation's scope.
    public var reason: String?

    public init(
        id: Int64, at: Date, action: Action, by: String, key: String?, owner: String?, route: String?, reason: String?
    ) {
        self.id = id
        self.at = at
        self.action = action
        self.by = by
        self.key = key
        self.owner = owner
        self.route = route
        self.reason = reason
    }
}
