import FlowLoading

/// `POST /v1/lint` and `POST /v1/publish` as JSON: a flow file's text and the path its
/// diagnostics name. (The body may also be the YAML itself, `Content-Type:
/// application/yaml` or `text/...`, with the path in `?path=`.)
public struct FlowTextBody: Sendable, Codable {
    /// Where the designer keeps the file (`Flows/bill-inquiry/bill-inquiry.ivr.yaml`);
    /// only a name for the diagnostics.
    public var path: String?
    public var text: String
}

/// A diagnostic as `flowmap lint --format json` writes it.
public struct DiagnosticView: Sendable, Hashable, Codable {
    public struct Note: Sendable, Hashable, Codable {
        public var message: String
        public var file: String
        public var line: Int
        public var column: Int
    }

    /// `error`, `warning` or `note`.
    public var severity: String
    /// The rule's stable code (`FM201`) and name.
    public var code: String
    public var rule: String
    public var message: String
    public var file: String
    public var line: Int
    public var column: Int
    public var notes: [Note]

    init(_ diagnostic: Diagnostic) {
        severity = diagnostic.severity.rawValue
        code = diagnostic.rule.code
        rule = diagnostic.rule.name
        message = diagnostic.message
        file = diagnostic.location.file
        line = diagnostic.location.line
        column = diagnostic.location.column
        notes = diagnostic.notes.map {
            Note(message: $0.message, file: $0.location.file, line: $0.location.line, column: $0.location.column)
        }
    }
}

/// `POST /v1/lint`: 200 whenever the request was readable; `ok` is false when the flow
/// has errors.
public struct LintAnswer: Sendable, Hashable, Codable {
    public var ok: Bool
    /// The flow's id, when the file decoded far enough to have one.
    public var flow: String?
    public var errors: Int
    public var warnings: Int
    public var diagnostics: [DiagnosticView]
}

/// `POST /v1/publish`: the version stored (the SHA-256 of the text) and what happened.
public struct PublishAnswer: Sendable, Hashable, Codable {
    public var flow: String
    public var version: String
    /// `published` (new content), `restored` (an earlier version's content, current again)
    /// or `unchanged` (the current version already has this content: nothing was done).
    public var status: String
    /// True only for content never stored before.
    public var new: Bool
    /// Warnings the flow still has (publishing refuses errors only).
    public var diagnostics: [DiagnosticView]
}

/// The 422 answer to a publish with lint errors: the usual error body and the diagnostics.
struct LintRefusal: Encodable {
    var error: ServiceError.Body.Detail
    var diagnostics: [DiagnosticView]
}
