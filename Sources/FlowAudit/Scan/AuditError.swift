import FlowConformance
import FlowLoading

/// Why an audit cannot run, naming what and where.
public enum AuditError: Error, Sendable, CustomStringConvertible {
    /// No file at the store's path.
    case missingStore(path: String)
    /// The file is not a flowmap store (no traversal log or no published versions).
    case notAStore(path: String, reason: String)
    /// The log names a flow version that was never published into the store.
    case unpublishedVersion(flow: String, version: String, session: String, sequence: Int64)
    /// A record names a state, trigger or outcome its flow version does not have.
    case unreadableRecord(session: String, sequence: Int64, problem: String)
    /// A published version (or the flow map) does not load or compile.
    case unloadable(document: String, version: String, problem: String)
    /// The store holds no published flow map, and none was given with `--library`.
    case noFlowMap(path: String)
    /// A selection names something the audited versions or the flow map do not have.
    case unknownName(kind: String, name: String, known: [String])
    /// A date, period or time zone that cannot be read.
    case badValue(option: String, value: String, expected: String)
    /// No session with that id in the store.
    case unknownSession(id: String)
    /// SQLite refused a read.
    case database(path: String, message: String)

    public var description: String {
        switch self {
        case .missingStore(let path):
            "no store at \(path) (give one with --store; `flowmap simulate` makes one)"
        case .notAStore(let path, let reason):
            "\(path) is not a flowmap store: \(reason)"
        case .unpublishedVersion(let flow, let version, let session, let sequence):
            "session '\(session)', record \(sequence): flow '\(flow)' version \(version) is not published in the store"
        case .unreadableRecord(let session, let sequence, let problem):
            "session '\(session)', record \(sequence): \(problem)"
        case .unloadable(let document, let version, let problem):
            "published \(document) version \(version.prefix(12)) does not load: \(problem)"
        case .noFlowMap(let path):
            "\(path) holds no published flow map; give the library with --library"
        case .unknownName(let kind, let name, let known):
            "no \(kind) '\(name)'" + (known.isEmpty ? "" : " (known: \(known.prefix(12).joined(separator: ", "))"
                + (known.count > 12 ? ", ..." : "") + ")")
        case .badValue(let option, let value, let expected):
            "\(option) '\(value)' is not \(expected)"
        case .unknownSession(let id):
            "no session '\(id)' in the store"
        case .database(let path, let message):
            "\(path): \(message)"
        }
    }
}
