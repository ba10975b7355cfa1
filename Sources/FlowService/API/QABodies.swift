import FlowAudit
import FlowConformance
import Foundation

/// `POST /v1/qa/campaigns`: draw a stratified sample into a campaign (made on its first
/// draw), as `flowmap audit sample` does. Who draws is the key's owner.
///
/// ```json
/// {"campaign": "2026-11", "seed": 42, "by": "agent", "size": 5, "selection": {"period": "2026-11"}}
/// ```
struct CampaignBody: Decodable, Sendable {
    var campaign: String
    /// 0 to 2^63-1; a campaign keeps its first draw's seed.
    var seed: UInt64
    /// `contact-point`, `agent` or `org-unit`.
    var by: String
    /// Sessions drawn per stratum.
    var size: Int
    /// Which finished sessions may be drawn (the audit's selection fields); all when absent.
    var selection: AuditQuery?
}

/// `POST /v1/qa/inspections`: a verdict on a session or one of its steps. The inspector is
/// the key's owner; the body may not name one. A correction names the inspection it
/// supersedes and is a new record.
///
/// ```json
/// {"session": "S3", "verdict": "fail", "reason": "no-callback-offered", "note": "..."}
/// {"session": "S3", "verdict": "pass", "supersedes": 1, "note": "callback offered at 01:05"}
/// ```
struct InspectionBody: Decodable, Sendable {
    var session: String
    var step: Int64?
    var verdict: String
    var reason: String?
    var note: String?
    var supersedes: Int64?
    /// Refused when present: the inspector is who holds the key.
    var inspector: String?
}

/// The answer to a draw: the sessions drawn and what the frame held.
public struct DrawAnswer: Sendable, Hashable, Encodable {
    public var campaign: String
    public var seed: UInt64
    public var by: String
    public var size: Int
    public var selection: String
    public var drawnBy: String
    /// Stratum by stratum (name order), each in hash order, with its rank.
    public var drawn: [DrawnSession]
    /// Finished sessions of the selection in a stratum (the candidates).
    public var candidates: Int
    public var strata: Int
    /// Finished sessions in no stratum (no owner, for agent and org-unit strata).
    public var withoutStratum: Int
    /// Sessions of the selection still open: never drawn.
    public var openSessions: Int
}

/// `GET /v1/qa/campaigns/{name}`: a campaign, its draws and its samples, with each sampled
/// session's current verdict.
public struct CampaignAnswer: Sendable, Hashable, Encodable {
    public struct Draw: Sendable, Hashable, Encodable {
        public var id: Int64
        public var seed: UInt64
        public var by: String
        public var size: Int
        public var selection: String
        public var drawnAt: String
        public var drawnBy: String
    }

    public struct Sample: Sendable, Hashable, Encodable {
        public var draw: Int64
        public var stratum: String
        public var rank: Int
        public var session: String
        public var number: Int64
        /// `pass`, `fail`, or absent while pending.
        public var verdict: String?
    }

    public var campaign: String
    public var seed: UInt64
    public var createdAt: String
    public var createdBy: String
    /// The selection of its first draw.
    public var selection: String
    public var draws: [Draw]
    public var samples: [Sample]
    /// Samples with no current verdict yet.
    public var pending: Int
}

/// An inspection as the API shows it: what it supersedes, what superseded it, and whether
/// it is its session's current verdict.
public struct InspectionView: Sendable, Hashable, Encodable {
    public var id: Int64
    public var session: String
    /// The record judged; absent for a verdict on the whole session.
    public var step: Int64?
    public var verdict: String
    public var reason: String?
    public var note: String?
    /// The owner of the key that entered it.
    public var inspector: String
    /// ISO 8601, UTC.
    public var inspectedAt: String
    public var supersedes: Int64?
    public var supersededBy: Int64?
    /// The latest session-level inspection of its session that nothing supersedes.
    public var current: Bool

    init(_ inspection: Inspection, supersededBy: Int64?, current: Bool) {
        id = inspection.id
        session = inspection.session
        step = inspection.step
        verdict = inspection.verdict.rawValue
        reason = inspection.reason
        note = inspection.note
        inspector = inspection.inspector
        inspectedAt = QATime.text(inspection.inspectedAt)
        supersedes = inspection.supersedes
        self.supersededBy = supersededBy
        self.current = current
    }
}

/// `GET /v1/qa/inspections`.
public struct InspectionList: Sendable, Hashable, Encodable {
    public var inspections: [InspectionView]
}

/// QA times: milliseconds since 1970 in the store, ISO 8601 in UTC in answers.
enum QATime {
    static func text(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
