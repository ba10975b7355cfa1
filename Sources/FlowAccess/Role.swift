/// Who a caller of the engine service is (docs/service.md, "Access control").
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    /// Lints and publishes flows.
    case designer
    /// A channel system: drives sessions on its own channels only.
    case adapter
    /// A person at an agent desktop: guided actions in the sessions assigned to them.
    case agent
    /// QA staff: sampling campaigns and inspections.
    case qa
    /// Read-only audit: traversals, measures, reports, exports.
    case auditor
    /// Keys and configuration.
    case admin
}
