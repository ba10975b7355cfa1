import FlowModel

/// What serves a cell of the flow map, a variant of it, or one contact point.
public enum CellStatus: Sendable, Hashable {
    /// This flow serves it.
    case flow(String)
    /// Deliberately not offered, with the reason.
    case notOffered(reason: String)
    /// Neither a flow nor a reason: a management blind spot (管理盲点).
    case blindSpot
    /// Equally specific variants disagree: the contact point has two answers.
    case ambiguous([String])

    /// `flow`, `not-offered`, `blind-spot`, `ambiguous`: CSV values and HTML classes.
    public var name: String {
        switch self {
        case .flow: "flow"
        case .notOffered: "not-offered"
        case .blindSpot: "blind-spot"
        case .ambiguous: "ambiguous"
        }
    }

    public var flowID: String? {
        if case .flow(let id) = self { return id }
        return nil
    }

    /// `bill-inquiry.ivr`, `not offered: reason`, `BLIND SPOT 管理盲点`, `AMBIGUOUS: a or b`.
    public var summary: String {
        switch self {
        case .flow(let id): id
        case .notOffered(let reason): "not offered: \(reason)"
        case .blindSpot: "BLIND SPOT 管理盲点"
        case .ambiguous(let candidates): "AMBIGUOUS: \(candidates.joined(separator: " or "))"
        }
    }

    /// What serves a resolved contact point.
    public init(_ resolution: ContactPointResolution) {
        switch resolution {
        case .flow(let id): self = .flow(id)
        case .notOffered(let reason): self = .notOffered(reason: reason)
        case .unassigned, .noCell: self = .blindSpot
        case .ambiguous(let candidates): self = .ambiguous(candidates)
        }
    }

    /// What a cell or variant of the flow map names.
    public init(_ assignment: CellAssignment) {
        switch assignment {
        case .flow(let ref): self = .flow(ref.name)
        case .notOffered(let reason): self = .notOffered(reason: reason)
        case .unassigned: self = .blindSpot
        }
    }
}
