import Foundation

/// A key to the engine service: whose it is, its role and scope, and whether it still works.
/// The secret is not here: the key store keeps only its SHA-256.
public struct AccessKey: Sendable, Hashable, Codable {
    /// The public part of the token (`fmk_<id>_<secret>`): 16 lowercase hex digits.
    public var id: String
    /// The person or system the key belongs to (an account per person).
    public var owner: String
    public var role: Role
    public var scope: KeyScope
    public var createdAt: Date
    /// The admin who created it.
    public var createdBy: String
    /// When the key stops (or stopped) working: nil while it has no end. A rotation with a
    /// grace period sets it in the future.
    public var disabledAt: Date?
    public var disabledBy: String?
    public var disabledReason: String?
    /// The key this one replaced, when it was made by a rotation.
    public var rotatedFrom: String?

    public init(
        id: String, owner: String, role: Role, scope: KeyScope, createdAt: Date, createdBy: String,
        disabledAt: Date? = nil, disabledBy: String? = nil, disabledReason: String? = nil, rotatedFrom: String? = nil
    ) {
        self.id = id
        self.owner = owner
        self.role = role
        self.scope = scope
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.disabledAt = disabledAt
        self.disabledBy = disabledBy
        self.disabledReason = disabledReason
        self.rotatedFrom = rotatedFrom
    }

    /// Active or disabled, at a moment.
    public func status(at moment: Date) -> KeyStatus {
        guard let disabledAt, disabledAt <= moment else { return .active }
        return .disabled
    }
}

/// Whether a key works.
public enum KeyStatus: String, Sendable, Hashable, Codable {
    case active
    case disabled
}
