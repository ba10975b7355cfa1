/// A state as scenarios name it: `lookup-bill` in the scenario's flow, or
/// `identity-verification.ivr/enter-password` in a subflow.
struct StateName: Sendable, Hashable, CustomStringConvertible {
    /// Nil for the scenario's own flow.
    var flow: String?
    var state: String

    var description: String { flow.map { "\($0)/\(state)" } ?? state }
}

/// A path as one line: `welcome > verify-identity > identity-verification.ivr/check-number`.
enum PathText {
    static func line(_ names: [StateName]) -> String {
        names.isEmpty ? "(none)" : names.map(\.description).joined(separator: " > ")
    }
}
