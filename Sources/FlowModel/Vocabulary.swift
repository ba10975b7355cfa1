/// The service-flow categories of the hotline's standard.
public enum FlowCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case acceptance, inquiry, verification, consultation, complaint

    public var chineseName: String {
        switch self {
        case .acceptance: "业务受理"
        case .inquiry: "查询"
        case .verification: "核对"
        case .consultation: "咨询"
        case .complaint: "投诉"
        }
    }
}

/// How a contact ended.
public enum EndOutcome: String, Sendable, Hashable, CaseIterable, Codable {
    case resolved, transferred, abandoned, escalated, failed
}

/// Automated flows run only designed transitions; guided flows propose the next step
/// to an agent, who may override it (recorded as a deviation).
public enum InteractionMode: String, Sendable, Hashable, CaseIterable, Codable {
    case automated, guided
}

/// What a channel can do; a flow may only use what its channel has.
public enum Capability: String, Sendable, Hashable, CaseIterable, Comparable {
    case voicePrompt = "voice-prompt"
    case dtmf
    case speech
    case text
    case richCards = "rich-cards"
    case forms
    case agentTransfer = "agent-transfer"
    case sms

    public static func < (lhs: Capability, rhs: Capability) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
