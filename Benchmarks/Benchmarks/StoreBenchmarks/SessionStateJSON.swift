import FlowExpression
import FlowRuntime
import Foundation

/// A Codable mirror of `SessionState`, for timing `JSONEncoder`/`JSONDecoder` against the
/// store's binary codec on the same session.
struct SessionStateJSON: Codable {
    struct Frame: Codable {
        var flowID: String
        var version: String
        var state: Int32
        var enteredAt: Int64
        var visit: UInt32
        var values: [ValueJSON]
        var setMask: [Bool]
        var visits: [UInt16]
        var noInputs: UInt16
        var noMatches: UInt16
        var attempts: UInt16
    }

    struct Timer: Codable {
        var kind: TimerKind
        var due: Int64
        var depth: Int
        var visit: UInt32
    }

    var id: String
    var journey: String
    var contactPoint: [String]
    var customer: String
    var agent: Actor?
    var mode: String
    var status: String
    var frames: [Frame]
    var nextSequence: Int64
    var startedAt: Int64
    var timers: [Timer]

    init(_ state: SessionState) {
        id = state.id
        journey = state.journey
        contactPoint = [
            state.contactPoint.code, state.contactPoint.business, state.contactPoint.channel, state.contactPoint.brand,
            state.contactPoint.environment,
        ]
        customer = state.customer
        agent = state.agent
        mode = state.mode.rawValue
        if case .ended(let outcome) = state.status { status = outcome.rawValue } else { status = "active" }
        frames = state.frames.map {
            Frame(
                flowID: $0.flowID, version: $0.version, state: $0.state, enteredAt: $0.enteredAt, visit: $0.visit,
                values: $0.variables.values.map(ValueJSON.init), setMask: $0.variables.setMask, visits: $0.visits,
                noInputs: $0.noInputs, noMatches: $0.noMatches, attempts: $0.attempts)
        }
        nextSequence = state.nextSequence
        startedAt = state.startedAt
        timers = state.timers.map { Timer(kind: $0.kind, due: $0.due, depth: $0.depth, visit: $0.visit) }
    }
}

/// An expression value in JSON: the way a Codable enum with associated values encodes.
enum ValueJSON: Codable {
    case bool(Bool)
    case int(Int64)
    case decimal(Decimal)
    case string(String)
    case list([ValueJSON])
    case record([ValueJSON])

    init(_ value: Value) {
        switch value {
        case .bool(let flag): self = .bool(flag)
        case .int(let integer): self = .int(integer)
        case .decimal(let decimal): self = .decimal(decimal)
        case .string(let text): self = .string(text)
        case .list(let items): self = .list(items.map(ValueJSON.init))
        case .record(let fields): self = .record(fields.map(ValueJSON.init))
        }
    }
}
