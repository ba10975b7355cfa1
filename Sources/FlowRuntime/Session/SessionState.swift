import FlowExpression
import FlowModel

/// Everything a session is, as a value: where it stands in which flow version, its
/// variables, counters and armed timers. The store persists it; the step function
/// returns a new one.
public struct SessionState: Sendable, Hashable {
    public enum Status: Sendable, Hashable {
        case active
        case ended(EndOutcome)
    }

    public var id: String
    /// Kept across channels when a contact is handed off (IVR -> SMS link -> web).
    public var journey: String
    public var contactPoint: ContactPointInfo
    /// The customer's id (a phone number): personal data, masked in the log.
    public var customer: String
    /// The agent serving the contact, in guided channels.
    public var agent: Actor?
    public var mode: InteractionMode
    public var status: Status
    /// The flow activations: the first is the contact point's flow, the last the running one.
    public var frames: [Frame]
    /// The sequence number the next traversal record gets (records count from 1).
    public var nextSequence: Int64
    /// Milliseconds since 1970, when the session started.
    public var startedAt: Int64
    public var timers: [ArmedTimer]

    public var isActive: Bool { status == .active }

    public init(
        id: String, journey: String, contactPoint: ContactPointInfo, customer: String, agent: Actor?,
        mode: InteractionMode, status: Status, frames: [Frame], nextSequence: Int64, startedAt: Int64,
        timers: [ArmedTimer]
    ) {
        self.id = id
        self.journey = journey
        self.contactPoint = contactPoint
        self.customer = customer
        self.agent = agent
        self.mode = mode
        self.status = status
        self.frames = frames
        self.nextSequence = nextSequence
        self.startedAt = startedAt
        self.timers = timers
    }

    /// The running frame.
    public var current: Frame {
        get { frames[frames.count - 1] }
        _modify { yield &frames[frames.count - 1] }
    }
}

/// The contact point a session serves.
public struct ContactPointInfo: Sendable, Hashable {
    public var code: String
    public var business: String
    public var channel: String
    public var brand: String
    public var environment: String

    public init(code: String, business: String, channel: String, brand: String, environment: String) {
        self.code = code
        self.business = business
        self.channel = channel
        self.brand = brand
        self.environment = environment
    }
}

/// A person who acted: an agent, with role and org unit.
public struct Actor: Sendable, Hashable, Codable {
    public var id: String
    public var role: String?
    public var orgUnit: String?

    public init(id: String, role: String? = nil, orgUnit: String? = nil) {
        self.id = id
        self.role = role
        self.orgUnit = orgUnit
    }
}

/// One activation of a flow: the session's flow, or a subflow it called.
public struct Frame: Sendable, Hashable {
    public var flowID: String
    /// The version (content hash) this activation runs, pinned when it began.
    public var version: String
    public var state: Int32
    /// Milliseconds since 1970, when the current state was entered.
    public var enteredAt: Int64
    /// Counts every state entry of this frame; timers armed on an earlier entry are stale.
    public var visit: UInt32
    public var variables: SlotEnvironment
    /// Entries per state, for visit limits.
    public var visits: [UInt16]
    /// No-inputs, no-matches and both together in the current collect visit.
    public var noInputs: UInt16
    public var noMatches: UInt16
    public var attempts: UInt16

    public init(
        flowID: String, version: String, state: Int32, enteredAt: Int64, visit: UInt32, variables: SlotEnvironment,
        visits: [UInt16], noInputs: UInt16, noMatches: UInt16, attempts: UInt16
    ) {
        self.flowID = flowID
        self.version = version
        self.state = state
        self.enteredAt = enteredAt
        self.visit = visit
        self.variables = variables
        self.visits = visits
        self.noInputs = noInputs
        self.noMatches = noMatches
        self.attempts = attempts
    }
}

/// A timer the session has armed; the engine fires it as an event when due.
public struct ArmedTimer: Sendable, Hashable {
    public var kind: TimerKind
    /// Milliseconds since 1970.
    public var due: Int64
    /// The frame depth and the state entry it was armed for.
    public var depth: Int
    public var visit: UInt32

    public init(kind: TimerKind, due: Int64, depth: Int, visit: UInt32) {
        self.kind = kind
        self.due = due
        self.depth = depth
        self.visit = visit
    }
}

public enum TimerKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A collect waited too long for input: `no-input`.
    case input
    /// A task, transfer or wait ran out of time: `timeout`.
    case operation
    /// The time allowed in the state ran out: `sla-expired`.
    case sla
    /// The flow's hard limit ran out: `flow-timeout`.
    case flow
}
