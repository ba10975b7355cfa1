/// Why the QA store refused something, naming what and where.
public enum QAError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No QA store at the path (read-only open), or a file that is not one.
    case unavailable(String)
    case unknownCampaign(String)
    /// A draw of an existing campaign with another seed than the campaign's.
    case seedMismatch(campaign: String, seed: UInt64, given: UInt64)
    case reasonRequired(session: String)
    case emptyField(String)
    case unknownInspection(Int64)
    case supersedesOtherSession(id: Int64, session: String, given: String)
    case supersedesOtherStep(id: Int64, step: Int64?, given: Int64?)
    case alreadySuperseded(id: Int64, by: Int64)
    /// SQLite refused the write (a trigger or a constraint); its message.
    case refused(String)

    public var description: String {
        switch self {
        case .unavailable(let message):
            message
        case .unknownCampaign(let name):
            "no campaign named '\(name)' in the QA store"
        case .seedMismatch(let campaign, let seed, let given):
            "campaign '\(campaign)' draws with seed \(seed), not \(given): a campaign keeps its seed"
        case .reasonRequired(let session):
            "session '\(session)': a fail verdict needs a reason code (--reason)"
        case .emptyField(let field):
            "\(field) must not be empty"
        case .unknownInspection(let id):
            "no inspection \(id) to supersede"
        case .supersedesOtherSession(let id, let session, let given):
            "inspection \(id) is of session '\(session)', not '\(given)': a correction supersedes an inspection of the same session"
        case .supersedesOtherStep(let id, let step, let given):
            "inspection \(id) is of \(Self.level(step)), not \(Self.level(given)): a correction supersedes an inspection of the same step"
        case .alreadySuperseded(let id, let by):
            "inspection \(id) is already superseded by inspection \(by): supersede that one"
        case .refused(let message):
            "the QA store refused the write: \(message)"
        }
    }

    private static func level(_ step: Int64?) -> String {
        step.map { "step \($0)" } ?? "the whole session"
    }
}
