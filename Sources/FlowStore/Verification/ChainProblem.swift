/// What is wrong with one session's stored log: the first break in its chain.
public struct ChainProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The record's fields no longer give its stored hash.
        case changed
        /// The record verifies only under another sequence number: it was moved here.
        case moved(from: Int64)
        /// Records `sequence...through` are absent.
        case missing(through: Int64)
        /// Only the record's stored previous hash was altered.
        case previousHashChanged
        /// The record is self-consistent but does not continue the record before it.
        case doesNotFollow
        /// The session's stored last hash is not its last record's hash.
        case headMismatch
        /// Records exist for a session the sessions table does not know.
        case unknownSession
        /// The record's chain holds, but its packed audit fields (`AuditFields`) no longer
        /// match its columns: the audit would read something the chain does not cover.
        case auditFieldsDiffer
    }

    public var session: String
    /// The record where the chain breaks.
    public var sequence: Int64
    public var kind: Kind

    public init(session: String, sequence: Int64, kind: Kind) {
        self.session = session
        self.sequence = sequence
        self.kind = kind
    }

    /// `session S: record 12 changed (hash mismatch)`.
    public var description: String {
        let detail: String
        switch kind {
        case .changed: detail = "record \(sequence) changed (hash mismatch)"
        case .moved(let from): detail = "record \(sequence) out of order (it was written as record \(from))"
        case .missing(let through):
            detail = through == sequence ? "record \(sequence) missing" : "records \(sequence)-\(through) missing"
        case .previousHashChanged: detail = "record \(sequence) previous hash changed"
        case .doesNotFollow:
            detail = "record \(sequence) does not follow record \(sequence - 1) (previous hash mismatch)"
        case .headMismatch: detail = "record \(sequence) is not the session's recorded last (last hash mismatch)"
        case .unknownSession: detail = "record \(sequence) belongs to no stored session"
        case .auditFieldsDiffer: detail = "record \(sequence) packed audit fields do not match its columns"
        }
        return "session \(session): \(detail)"
    }
}

/// The result of checking every session's chain.
public struct LogVerification: Sendable, Hashable {
    public var sessions = 0
    public var records = 0
    /// One per broken session, in session order.
    public var problems: [ChainProblem] = []

    public var isIntact: Bool { problems.isEmpty }

    /// `N sessions, M records: chain intact`, or one line per broken session.
    public var report: String {
        if isIntact { return "\(sessions) sessions, \(records) records: chain intact" }
        return problems.map(\.description).joined(separator: "\n")
    }
}
