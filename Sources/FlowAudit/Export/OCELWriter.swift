import FlowConformance
import Foundation

/// Writes an OCEL 2.0 JSON log (docs/auditing.md, "Exports").
///
/// Objects: `session` (one contact: contact point, channel, outcome), `journey` (the
/// customer's journey a session is part of), `agent` (role), `org unit` and
/// `flow version` (flow, version). Events: one per record, its type the move's label
/// (`ask->resolve`), `->greet` for a segment's start, `transfer-billing->` for a move to
/// no state, `ask: sla-expired` for an annotation; related to its session, its journey,
/// its flow version and, when a person made it, the agent and their org unit.
///
/// Streamed: events are written as sessions come; session and journey objects are
/// spooled to a temporary file and copied after them; agents, org units, flow versions
/// and the event types (the distinct labels) are few and kept until the end. The journey
/// ids seen are kept too (each journey object is written once): one short string per
/// journey, never the records.
///
/// Each event also carries its record's `hash` and `previous hash` (the log's hash chain,
/// 64 hex digits), declared as attributes of every event type as OCEL 2.0 lets a log add
/// its own: they tie each event to the record it came from.
struct OCELWriter: LogWriter {
    let output: ExportOutput
    let catalog: NetCatalog
    /// The stored records, for their hashes.
    let stored: StoredRecords
    private let encoder: JSONEncoder
    private let spool: Spool
    private(set) var events = 0
    private var spooled = 0
    private var eventTypes = Set<String>()
    private var journeys = Set<String>()
    /// Agent -> (role, org unit, first seen); org units and flow versions seen.
    private var agents: [String: (role: String?, unit: String?, time: String)] = [:]
    private var units: [String: String] = [:]
    private var versions: [Int32: String] = [:]

    static let eventAttributes = [
        OCELTypeAttribute(name: "sequence", type: "integer"), OCELTypeAttribute(name: "depth", type: "integer"),
        OCELTypeAttribute(name: "trigger", type: "string"), OCELTypeAttribute(name: "event", type: "string"),
        OCELTypeAttribute(name: "reason", type: "string"), OCELTypeAttribute(name: "outcome", type: "string"),
        OCELTypeAttribute(name: "hash", type: "string"), OCELTypeAttribute(name: "previous hash", type: "string"),
    ]

    static let objectTypes = [
        OCELType(
            name: "session",
            attributes: [
                OCELTypeAttribute(name: "contact point", type: "string"), OCELTypeAttribute(name: "channel", type: "string"),
                OCELTypeAttribute(name: "outcome", type: "string"),
            ]),
        OCELType(name: "journey", attributes: []),
        OCELType(name: "agent", attributes: [OCELTypeAttribute(name: "role", type: "string")]),
        OCELType(name: "org unit", attributes: []),
        OCELType(
            name: "flow version",
            attributes: [OCELTypeAttribute(name: "flow", type: "string"), OCELTypeAttribute(name: "version", type: "string")]),
    ]

    /// Object ids, unique across types.
    static func sessionID(_ id: String) -> String { "session:" + id }
    static func journeyID(_ id: String) -> String { "journey:" + id }
    static func agentID(_ id: String) -> String { "agent:" + id }
    static func unitID(_ id: String) -> String { "unit:" + id }
    static func versionID(flow: String, version: String) -> String { "flow:" + flow + "@" + version }

    init(output: ExportOutput, catalog: NetCatalog, stored: StoredRecords) throws {
        self.output = output
        self.catalog = catalog
        self.stored = stored
        encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        spool = try Spool()
    }

    /// The event type of a record.
    static func eventType(_ record: ExportedRecord) -> String {
        switch record.kind {
        case .start: "->" + (record.to ?? "")
        case .move: (record.from ?? "") + "->" + (record.to ?? "")
        case .annotation: (record.from ?? "") + ": " + (record.event ?? record.trigger)
        }
    }

    mutating func begin() throws {
        try output.write("{\"events\":[")
    }

    mutating func write(_ trace: SessionTrace) throws {
        let session = Self.sessionID(trace.session)
        let journey = Self.journeyID(trace.journey)
        var startTime = ""
        let storedRecords = try stored.records(of: trace)
        for index in trace.steps.indices {
            let record = ExportedRecord(trace, index: index, catalog: catalog)
            if index == 0 { startTime = record.enteredAt }
            let step = trace.steps[index]
            let version = Self.versionID(flow: record.flow, version: record.version)
            versions[step.program] = version
            var relationships = [
                OCELRelationship(objectId: session, qualifier: "contact"),
                OCELRelationship(objectId: journey, qualifier: "journey"),
                OCELRelationship(objectId: version, qualifier: "flow version"),
            ]
            if let actor = record.actor {
                relationships.append(OCELRelationship(objectId: Self.agentID(actor), qualifier: "performed by"))
                if agents[actor] == nil { agents[actor] = (record.role, record.orgUnit, record.leftAt) }
            }
            if let unit = record.orgUnit {
                relationships.append(OCELRelationship(objectId: Self.unitID(unit), qualifier: "org unit"))
                if units[unit] == nil { units[unit] = record.leftAt }
            }
            var attributes = [
                OCELEventAttribute(name: "sequence", value: .integer(record.sequence)),
                OCELEventAttribute(name: "depth", value: .integer(Int64(record.depth))),
                OCELEventAttribute(name: "trigger", value: .string(record.trigger)),
            ]
            if let event = record.event { attributes.append(OCELEventAttribute(name: "event", value: .string(event))) }
            if let reason = record.reason { attributes.append(OCELEventAttribute(name: "reason", value: .string(reason))) }
            if let outcome = record.outcome { attributes.append(OCELEventAttribute(name: "outcome", value: .string(outcome))) }
            attributes.append(OCELEventAttribute(name: "hash", value: .string(storedRecords[index].hash)))
            attributes.append(OCELEventAttribute(name: "previous hash", value: .string(storedRecords[index].previousHash)))
            let type = Self.eventType(record)
            eventTypes.insert(type)
            let event = OCELEvent(
                id: "\(trace.session)#\(record.sequence)", type: type, time: record.leftAt, attributes: attributes,
                relationships: relationships)
            try output.write(events == 0 ? "\n" : ",\n")
            try output.write(bytes: try encoder.encode(event))
            events += 1
        }

        let vocabulary = catalog.vocabulary
        var attributes = [
            OCELObjectAttribute(name: "contact point", time: startTime, value: .string(vocabulary.name(trace.contactPoint) ?? "")),
            OCELObjectAttribute(name: "channel", time: startTime, value: .string(vocabulary.name(trace.channel) ?? "")),
        ]
        if let outcome = trace.outcome {
            attributes.append(OCELObjectAttribute(
                name: "outcome", time: Timestamp.iso(trace.endedAt), value: .string(outcome.rawValue)))
        }
        var relationships = [OCELRelationship(objectId: Self.journeyID(trace.journey), qualifier: "part of")]
        if let version = versions[trace.program] {
            relationships.append(OCELRelationship(objectId: version, qualifier: "runs"))
        }
        try spoolObject(OCELObject(id: session, type: "session", attributes: attributes, relationships: relationships))
        if journeys.insert(trace.journey).inserted {
            try spoolObject(OCELObject(id: Self.journeyID(trace.journey), type: "journey", attributes: [], relationships: []))
        }
    }

    private mutating func spoolObject(_ object: OCELObject) throws {
        try spool.write(Array((spooled == 0 ? "\n" : ",\n").utf8))
        try spool.write(Array(try encoder.encode(object)))
        spooled += 1
    }

    mutating func finish() throws {
        try output.write(events == 0 ? "],\n\"objects\":[" : "\n],\n\"objects\":[")
        try spool.copy(to: output)
        var count = spooled
        func object(_ object: OCELObject) throws {
            try output.write(count == 0 ? "\n" : ",\n")
            try output.write(bytes: try encoder.encode(object))
            count += 1
        }
        for (agent, seen) in agents.sorted(by: { $0.key < $1.key }) {
            try object(OCELObject(
                id: Self.agentID(agent), type: "agent",
                attributes: seen.role.map { [OCELObjectAttribute(name: "role", time: seen.time, value: .string($0))] } ?? [],
                relationships: seen.unit.map { [OCELRelationship(objectId: Self.unitID($0), qualifier: "member of")] } ?? []))
        }
        for unit in units.keys.sorted() {
            try object(OCELObject(id: Self.unitID(unit), type: "org unit", attributes: [], relationships: []))
        }
        for program in versions.keys.sorted() {
            let net = catalog.net(program)
            let time = "1970-01-01T00:00:00.000+00:00"
            try object(OCELObject(
                id: versions[program]!, type: "flow version",
                attributes: [
                    OCELObjectAttribute(name: "flow", time: time, value: .string(net.flow)),
                    OCELObjectAttribute(name: "version", time: time, value: .string(net.version)),
                ], relationships: []))
        }
        try output.write(count == 0 ? "],\n\"eventTypes\":" : "\n],\n\"eventTypes\":")
        try output.write(bytes: try encoder.encode(eventTypes.sorted().map { OCELType(name: $0, attributes: Self.eventAttributes) }))
        try output.write(",\n\"objectTypes\":")
        try output.write(bytes: try encoder.encode(Self.objectTypes))
        try output.write("\n}\n")
    }
}

/// A temporary file that holds part of an export until it can be written in its place.
final class Spool {
    private let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("flowmap-export-\(UUID().uuidString).spool").path
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forUpdatingAtPath: path) else {
            throw ExportError.cannotWrite(path: path, reason: "cannot create a temporary file")
        }
        self.handle = handle
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Copies everything spooled to `output`, in blocks.
    func copy(to output: ExportOutput) throws {
        try flush()
        try handle.seek(toOffset: 0)
        while let block = try handle.read(upToCount: 1 << 16), !block.isEmpty {
            try output.write(bytes: block)
        }
    }
}
