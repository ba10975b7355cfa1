import FlowAudit

extension ServiceError {
    /// The API's answer when an audit cannot run: a query value that does not read 400, a
    /// name the audited versions or the flow map lack 400, no such session 404, the store
    /// failing 503.
    init(audit error: AuditError) {
        switch error {
        case .badValue(let option, _, _):
            let field = Self.field(ofOption: option)
            let code =
                switch field {
                case "from", "to": "bad-date"
                case "period": "bad-period"
                default: "bad-value"
                }
            self.init(.badRequest, code, error.description, field: field)
        case .unknownName(let kind, _, _):
            self.init(.badRequest, "unknown-name", error.description, field: Self.field(ofKind: kind))
        case .unknownSession:
            self.init(.notFound, "unknown-session", error.description)
        case .missingStore, .notAStore, .database, .noFlowMap:
            self.init(.serviceUnavailable, "storage", error.description)
        case .unpublishedVersion, .unreadableRecord, .unloadable:
            self.init(.internalServerError, "audit-failed", error.description)
        }
    }

    /// The API's answer when the QA store refuses.
    init(qa error: QAError) {
        switch error {
        case .unavailable:
            self.init(.serviceUnavailable, "qa-store", error.description)
        case .unknownCampaign:
            self.init(.notFound, "unknown-campaign", error.description, field: "campaign")
        case .seedMismatch:
            self.init(.conflict, "seed-mismatch", error.description, field: "seed")
        case .reasonRequired:
            self.init(.badRequest, "missing-field", error.description, field: "reason")
        case .emptyField:
            self.init(.badRequest, "bad-value", error.description)
        case .unknownInspection:
            self.init(.notFound, "unknown-inspection", error.description, field: "supersedes")
        case .supersedesOtherSession, .supersedesOtherStep:
            self.init(.conflict, "supersede-mismatch", error.description, field: "supersedes")
        case .alreadySuperseded:
            self.init(.conflict, "already-superseded", error.description, field: "supersedes")
        case .refused:
            self.init(.conflict, "qa-refused", error.description)
        }
    }

    /// Whatever an audit's work threw, as an answer.
    init(auditWork error: any Error) {
        switch error {
        case let error as ServiceError: self = error
        case let error as AuditError: self.init(audit: error)
        case let error as QAError: self.init(qa: error)
        case let error as ExportError: self.init(.internalServerError, "export-failed", error.description)
        default: self.init(.internalServerError, "audit-failed", "\(error)")
        }
    }

    /// `--org-unit` -> `orgUnit`: the query parameter of a CLI option.
    private static func field(ofOption option: String) -> String? {
        switch option {
        case "--from": "from"
        case "--to": "to"
        case "--period": "period"
        case "--deviation": "deviation"
        case "--outcome": "outcome"
        default: nil
        }
    }

    private static func field(ofKind kind: String) -> String? {
        switch kind {
        case "flow": "flow"
        case "flow version": "version"
        case "business": "business"
        case "channel": "channel"
        case "org unit": "orgUnit"
        default: kind.hasPrefix("version of") ? "version" : nil
        }
    }
}
