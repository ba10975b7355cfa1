import FlowModel
import FlowRuntime

/// Why a session's records cannot be measured, and where.
public enum TraceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No records at all.
    case empty(session: String)
    /// A record names a flow version the catalog does not hold (not published, or not
    /// among the versions being audited).
    case unknownFlowVersion(session: String, sequence: Int64, flow: String, version: String)
    /// A record names a state its flow version does not have.
    case unknownState(session: String, sequence: Int64, flow: String, state: String)
    /// A record's trigger or outcome is not one the runtime writes.
    case unknownTrigger(session: String, sequence: Int64, trigger: String)
    case unknownOutcome(session: String, sequence: Int64, outcome: String)
    /// Records of another session among this one's.
    case mixedSessions(session: String, sequence: Int64, other: String)

    public var description: String {
        switch self {
        case .empty(let session):
            "session '\(session)': no records"
        case .unknownFlowVersion(let session, let sequence, let flow, let version):
            "session '\(session)', record \(sequence): flow '\(flow)' version \(version) is not in the audit's catalog"
        case .unknownState(let session, let sequence, let flow, let state):
            "session '\(session)', record \(sequence): flow '\(flow)' has no state '\(state)'"
        case .unknownTrigger(let session, let sequence, let trigger):
            "session '\(session)', record \(sequence): unknown trigger '\(trigger)'"
        case .unknownOutcome(let session, let sequence, let outcome):
            "session '\(session)', record \(sequence): unknown outcome '\(outcome)'"
        case .mixedSessions(let session, let sequence, let other):
            "session '\(session)', record \(sequence): belongs to session '\(other)'"
        }
    }
}

extension SessionTrace {
    /// A session's trace from its log records: the slow path, for single sessions, tests and
    /// tools. The log scanner builds the same `TraceStep`s directly from rows.
    ///
    /// - Parameters:
    ///   - records: one session's records (sorted by sequence here if they are not).
    ///   - number: the session's number in the store (arrival order).
    /// - Throws: `TraceError` naming the session, the record and the name not found.
    public init(records: [LogRecord], number: Int64, catalog: NetCatalog, vocabulary: Vocabulary) throws(TraceError) {
        guard let head = records.first else { throw .empty(session: "") }
        var records = records
        if !zip(records, records.dropFirst()).allSatisfy({ $0.sequence < $1.sequence }) {
            records.sort { $0.sequence < $1.sequence }
        }
        let session = head.session
        var steps: [TraceStep] = []
        steps.reserveCapacity(records.count)
        // Consecutive records almost always share their flow version: look it up once per run.
        var lastKey: (flow: String, version: String, program: Int32)?
        for record in records {
            guard record.session == session else {
                throw .mixedSessions(session: session, sequence: record.sequence, other: record.session)
            }
            let program: Int32
            if let lastKey, lastKey.flow == record.flow, lastKey.version == record.version {
                program = lastKey.program
            } else {
                guard let found = catalog.index(flow: record.flow, version: record.version) else {
                    throw .unknownFlowVersion(
                        session: session, sequence: record.sequence, flow: record.flow, version: record.version)
                }
                program = found
                lastKey = (record.flow, record.version, found)
            }
            func state(_ name: String?) throws(TraceError) -> Int32 {
                guard let name else { return -1 }
                guard let index = catalog.stateIndex(program: program, name: name) else {
                    throw .unknownState(session: session, sequence: record.sequence, flow: record.flow, state: name)
                }
                return index
            }
            guard let trigger = Trigger.Kind(rawValue: record.trigger) else {
                throw .unknownTrigger(session: session, sequence: record.sequence, trigger: record.trigger)
            }
            var outcome: EndOutcome?
            if let text = record.outcome {
                guard let parsed = EndOutcome(rawValue: text) else {
                    throw .unknownOutcome(session: session, sequence: record.sequence, outcome: text)
                }
                outcome = parsed
            }
            func id(_ name: String?) -> Int32 { name.map { vocabulary.id(of: $0) } ?? -1 }
            steps.append(TraceStep(
                sequence: Int32(truncatingIfNeeded: record.sequence), depth: Int16(clamping: record.depth),
                trigger: trigger, outcome: outcome, tookTransition: record.origin != nil, program: program,
                from: try state(record.from), to: try state(record.to), event: id(record.event), reason: id(record.reason),
                actor: id(record.actor), role: id(record.role), orgUnit: id(record.orgUnit), enteredAt: record.enteredAt,
                leftAt: record.leftAt))
        }
        self.init(
            session: session, number: number, journey: head.journey, contactPoint: vocabulary.id(of: head.contactPoint),
            channel: vocabulary.id(of: head.channel), steps: steps)
    }
}
