import FlowConformance
import GRDB

/// A named sampling campaign: the seed and selection of its first draw, who made it, when.
public struct Campaign: Sendable, Hashable, Codable, FetchableRecord {
    public var id: Int64
    public var name: String
    public var seed: UInt64
    /// Milliseconds since 1970.
    public var createdAt: Int64
    public var createdBy: String
    /// The selection the first draw was made from, as the command stated it.
    public var selection: String

    enum CodingKeys: String, CodingKey {
        case id, name, seed
        case createdAt = "created_at"
        case createdBy = "created_by"
        case selection
    }
}

/// One draw of a campaign: how it was stratified and sized, from what selection.
public struct CampaignDraw: Sendable, Hashable, Codable, FetchableRecord {
    public var id: Int64
    public var campaign: Int64
    public var seed: UInt64
    /// `contact-point`, `agent` or `org-unit`.
    public var strata: String
    public var size: Int
    public var selection: String
    public var drawnAt: Int64
    public var drawnBy: String

    enum CodingKeys: String, CodingKey {
        case id, campaign, seed, strata, size, selection
        case drawnAt = "drawn_at"
        case drawnBy = "drawn_by"
    }
}

/// What stratifies a draw (docs/auditing.md, "Sampling").
public enum SamplingStrata: String, Sendable, Hashable, CaseIterable, Codable {
    case contactPoint = "contact-point"
    case agent
    case orgUnit = "org-unit"
}

/// A session sampled into a campaign.
public struct CampaignSample: Sendable, Hashable, Codable, FetchableRecord {
    public var campaign: Int64
    public var draw: Int64
    public var session: String
    public var sessionNumber: Int64
    public var stratum: String
    public var rank: Int

    enum CodingKeys: String, CodingKey {
        case campaign, draw, session
        case sessionNumber = "session_number"
        case stratum, rank
    }
}

/// A QA inspector's verdict on a session, or on one of its steps (docs/auditing.md,
/// "Inspections"). Never edited: a correction is a new inspection that supersedes it.
public struct Inspection: Sendable, Hashable, Codable, FetchableRecord {
    public var id: Int64
    public var session: String
    /// The record's sequence for a step-level verdict; nil for the session's.
    public var step: Int64?
    public var verdict: InspectionVerdict
    /// Required for `fail`.
    public var reason: String?
    public var note: String?
    public var inspector: String
    /// Milliseconds since 1970.
    public var inspectedAt: Int64
    /// The inspection this one corrects.
    public var supersedes: Int64?

    enum CodingKeys: String, CodingKey {
        case id, session, step, verdict, reason, note, inspector
        case inspectedAt = "inspected_at"
        case supersedes
    }
}

extension InspectionVerdict: Codable {}

/// What an inspector enters: an inspection before the store numbers it.
public struct NewInspection: Sendable, Hashable {
    public var session: String
    public var step: Int64?
    public var verdict: InspectionVerdict
    public var reason: String?
    public var note: String?
    public var inspector: String
    public var inspectedAt: Int64
    public var supersedes: Int64?

    public init(
        session: String, step: Int64? = nil, verdict: InspectionVerdict, reason: String? = nil, note: String? = nil,
        inspector: String, inspectedAt: Int64, supersedes: Int64? = nil
    ) {
        self.session = session
        self.step = step
        self.verdict = verdict
        self.reason = reason
        self.note = note
        self.inspector = inspector
        self.inspectedAt = inspectedAt
        self.supersedes = supersedes
    }
}
