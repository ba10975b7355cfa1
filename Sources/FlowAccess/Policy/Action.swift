/// What a caller asks the engine service to do: one action per kind of route
/// (docs/service.md, "Routes"). The service maps each request to one action and a target.
public enum Action: String, Sendable, Hashable, CaseIterable, Codable {
    /// `GET /v1/contact-points`, `/v1/contact-points/{code}`, `/v1/flows/{id}`.
    case readFlowMap = "read-flow-map"
    /// `POST /v1/lint`.
    case lintFlow = "lint-flow"
    /// `POST /v1/publish`.
    case publishFlow = "publish-flow"
    /// `POST /v1/sessions`: target `.channel` (the contact point's channel).
    case startSession = "start-session"
    /// `POST /v1/sessions/{id}/events` with a channel event (hang-up, a host's outcome).
    case sendEvent = "send-event"
    /// `POST /v1/sessions/{id}/events` with an `input` (digits, text, an agent's entry).
    case sendInput = "send-input"
    /// `POST /v1/sessions/{id}/events` with a guided `override` (to any state, with a reason).
    case overrideStep = "override-step"
    /// `POST /v1/sessions/{id}/events` with a guided `recordStep` (a state done outside).
    case recordStep = "record-step"
    /// `GET /v1/sessions/{id}`.
    case readSession = "read-session"
    /// `GET /v1/sessions/{id}/stream`.
    case streamSession = "stream-session"
    /// `GET /v1/audit/...`: traversals, audit sessions, measures, reports, exports.
    case readAudit = "read-audit"
    /// `POST /v1/qa/campaigns`: draw a sample.
    case drawSample = "draw-sample"
    /// `POST /v1/qa/inspections`.
    case recordInspection = "record-inspection"
    /// `GET /v1/qa/inspections`.
    case readInspections = "read-inspections"
    /// `/v1/admin/keys...`.
    case manageKeys = "manage-keys"
    /// `/v1/admin/config...`.
    case configure
}

/// What an action is aimed at, as far as access control needs to know.
public enum AccessTarget: Sendable, Hashable {
    /// Nothing in particular: the flow map, the audit, the keys.
    case service
    /// A session to be started on this channel.
    case channel(String)
    /// An existing session: its channel and the agent it is assigned to (nil: none).
    case session(channel: String, assignedAgent: String?)

    var channel: String? {
        switch self {
        case .service: nil
        case .channel(let channel), .session(let channel, _): channel
        }
    }
}
