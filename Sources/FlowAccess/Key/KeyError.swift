/// What went wrong with a key or the key store, in words that name the key, the field or
/// the file.
public enum KeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A value that is not of the expected shape (`field`: the option or column).
    case badValue(field: String, value: String, expected: String)
    /// A role and scope that do not fit together.
    case scope(String)
    case unknownKey(id: String)
    case alreadyDisabled(id: String, reason: String)
    /// The key was rotated once already (a key is rotated at most once).
    case alreadyRotated(id: String, to: String)
    /// The key store cannot be opened or is not a flowmap key store.
    case unavailable(String)
    /// SQLite refused a write (a trigger or a constraint).
    case refused(String)

    public var description: String {
        switch self {
        case .badValue(let field, let value, let expected): "\(field): '\(value)' is not \(expected)"
        case .scope(let message): message
        case .unknownKey(let id): "no key '\(id)' in the key store"
        case .alreadyDisabled(let id, let reason): "key '\(id)' is already disabled (\(reason))"
        case .alreadyRotated(let id, let to): "key '\(id)' was already rotated to '\(to)'"
        case .unavailable(let message): message
        case .refused(let message): "the key store refused the write: \(message)"
        }
    }
}
