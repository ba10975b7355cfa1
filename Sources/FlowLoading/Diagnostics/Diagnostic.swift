import FlowModel

/// One problem found in a flow library, Swift-compiler style.
///
/// ```
/// Flows/bill/bill-inquiry.ivr.yaml:12:7: error: [FM201] transition target 'verfy' is not a state; did you mean 'verify'?
/// ```
public struct Diagnostic: Sendable, Hashable, Comparable {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A related place, printed after the diagnostic as `file:line:column: note: ...`.
    public struct Note: Sendable, Hashable {
        public var message: String
        public var location: SourceLocation

        public init(_ message: String, at location: SourceLocation) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    public var rule: LintRule
    public var message: String
    public var location: SourceLocation
    public var notes: [Note]

    public init(_ rule: LintRule, _ message: String, at location: SourceLocation, severity: Severity? = nil, notes: [Note] = []) {
        self.rule = rule
        self.severity = severity ?? rule.severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    /// `file:line:column: error: [FM201] message`, then one line per note.
    public var formatted: String {
        var text = "\(location): \(severity.rawValue): [\(rule.code)] \(message)"
        for note in notes {
            text += "\n\(note.location): note: \(note.message)"
        }
        return text
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        if lhs.rule.code != rhs.rule.code { return lhs.rule.code < rhs.rule.code }
        return lhs.message < rhs.message
    }
}
