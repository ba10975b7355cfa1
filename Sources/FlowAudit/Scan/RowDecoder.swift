import FlowConformance
import FlowModel
import FlowRuntime
import FlowStore
import GRDBSQLite

/// Turns traversal-log rows into `TraceStep`s straight from SQLite's column bytes: text is
/// interned (`ByteInterner`) and mapped to vocabulary ids, program numbers and state
/// indices through side tables filled the first time a name is seen, so a row of names
/// seen before makes no `String`.
///
/// One per scanning thread.
struct RowDecoder {
    /// The columns `decode` reads, in order.
    static let columns = """
        session_number, session, sequence, journey, contact_point, flow, version, depth, from_state, to_state, \
        trigger, event, origin IS NOT NULL, reason, actor, role, org_unit, channel, entered_at, left_at, outcome
        """

    /// The same columns for the scan: what only a start record needs (the session's header,
    /// the segment's flow and version) is read on start records alone, so SQLite does not
    /// decode it for the other rows (NULL there), and `rowid` last, to read a row again
    /// with `columns` when a segment's version is not known from its start.
    static let scanColumns = """
        session_number, CASE WHEN from_state IS NULL THEN session END, sequence, \
        CASE WHEN from_state IS NULL THEN journey END, CASE WHEN from_state IS NULL THEN contact_point END, \
        CASE WHEN from_state IS NULL THEN flow END, CASE WHEN from_state IS NULL THEN version END, \
        depth, from_state, to_state, trigger, event, origin IS NOT NULL, reason, actor, role, org_unit, \
        CASE WHEN from_state IS NULL THEN channel END, entered_at, left_at, outcome, rowid
        """

    /// The scan's columns for a log with packed audit fields (`AuditFields`): the session
    /// number, `rowid`, the packed fields, and the header columns on start rows only (see
    /// `RowLayout.packed`). Nothing else: each result column costs SQLite a step of work on
    /// every row (23 columns, most of them NULL placeholders, took half again as long).
    static let packedScanColumns = """
        session_number, rowid, audit_fields, CASE WHEN from_state IS NULL THEN session END, \
        CASE WHEN from_state IS NULL THEN journey END, CASE WHEN from_state IS NULL THEN contact_point END, \
        CASE WHEN from_state IS NULL THEN flow END, CASE WHEN from_state IS NULL THEN version END, \
        CASE WHEN from_state IS NULL THEN channel END
        """

    enum Column {
        static let number: Int32 = 0
        static let session: Int32 = 1
        static let sequence: Int32 = 2
        static let journey: Int32 = 3
        static let contactPoint: Int32 = 4
        static let flow: Int32 = 5
        static let version: Int32 = 6
        static let depth: Int32 = 7
        static let from: Int32 = 8
        static let to: Int32 = 9
        static let trigger: Int32 = 10
        static let event: Int32 = 11
        static let tookTransition: Int32 = 12
        static let reason: Int32 = 13
        static let actor: Int32 = 14
        static let role: Int32 = 15
        static let orgUnit: Int32 = 16
        static let channel: Int32 = 17
        static let enteredAt: Int32 = 18
        static let leftAt: Int32 = 19
        static let outcome: Int32 = 20
        /// In `scanColumns` only.
        static let rowid: Int32 = 21
    }

    /// Where a statement's row has the columns a session's header and messages read.
    struct RowLayout {
        var number: Int32
        var session: Int32
        /// -1: not read (a packed row's sequence is in its packed fields).
        var sequence: Int32
        var journey: Int32
        var contactPoint: Int32
        var flow: Int32
        var version: Int32
        var channel: Int32
        var rowid: Int32
        /// -1: not read.
        var auditFields: Int32

        /// `columns` and `scanColumns` (which has `rowid`).
        static let record = RowLayout(
            number: Column.number, session: Column.session, sequence: Column.sequence, journey: Column.journey,
            contactPoint: Column.contactPoint, flow: Column.flow, version: Column.version, channel: Column.channel,
            rowid: Column.rowid, auditFields: -1)
        /// `packedScanColumns`.
        static let packed = RowLayout(
            number: 0, session: 3, sequence: -1, journey: 4, contactPoint: 5, flow: 6, version: 7, channel: 8, rowid: 1,
            auditFields: 2)
    }

    /// A record's row, to name it in an error: the session (its id, or its number where the
    /// scan did not read the id) and the sequence, read only when an error needs them.
    struct RowPlace {
        let statement: OpaquePointer
        let layout: RowLayout
        /// The sequence when known (packed fields); else read from the row.
        let knownSequence: Int64?

        init(_ statement: OpaquePointer, _ layout: RowLayout = .record, sequence: Int64? = nil) {
            self.statement = statement
            self.layout = layout
            knownSequence = sequence
        }

        var session: String { RowDecoder.session(statement, layout) }
        var sequence: Int64 {
            knownSequence ?? (layout.sequence >= 0 ? sqlite3_column_int64(statement, layout.sequence) : 0)
        }
    }

    let catalog: NetCatalog
    private var interner = ByteInterner()
    /// By interned id: the vocabulary id (-2: not yet asked).
    private var vocabularyIDs: [Int32] = []
    /// By interned id: the trigger (nil: not a trigger name; filled on first use).
    private var triggers: [Trigger.Kind?] = []
    private var triggerChecked: [Bool] = []
    private var outcomes: [EndOutcome?] = []
    private var outcomeChecked: [Bool] = []
    /// By interned id, then program (`id * programCount + program`): the state index (-3:
    /// not looked up, -2: no such state). Grown by whole rows of ids as names are interned.
    private var states: [Int32] = []
    private let programCount: Int
    /// (flow id << 32 | version id) -> program (-1: not published).
    private var programs: [Int64: Int32] = [:]
    private var lastProgramKey: Int64 = -1
    private var lastProgram: Int32 = -1

    init(catalog: NetCatalog) {
        self.catalog = catalog
        programCount = max(catalog.count, 1)
    }

    /// The session number of the row.
    @inline(__always)
    static func number(_ statement: OpaquePointer) -> Int64 { sqlite3_column_int64(statement, Column.number) }

    @inline(__always)
    private static func bytes(_ statement: OpaquePointer, _ column: Int32) -> UnsafeRawBufferPointer? {
        guard let start = sqlite3_column_text(statement, column) else { return nil }
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, column)))
    }

    /// The session's id for a message: its number in the store where the scan did not read the id.
    static func session(_ statement: OpaquePointer, _ layout: RowLayout = .record) -> String {
        text(statement, layout.session) ?? "number \(sqlite3_column_int64(statement, layout.number))"
    }

    static func text(_ statement: OpaquePointer, _ column: Int32) -> String? {
        bytes(statement, column).map { String(decoding: $0, as: UTF8.self) }
    }

    @inline(__always)
    private mutating func intern(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        var isNew = false
        let id = interner.id(bytes, isNew: &isNew)
        if isNew {
            vocabularyIDs.append(-2)
            triggers.append(nil)
            triggerChecked.append(false)
            outcomes.append(nil)
            outcomeChecked.append(false)
        }
        return id
    }

    /// The vocabulary id of a text column; -1 for NULL.
    @inline(__always)
    mutating func vocabularyID(_ statement: OpaquePointer, _ column: Int32) -> Int32 {
        vocabularyID(Self.bytes(statement, column))
    }

    /// The vocabulary id of a text; -1 for none.
    @inline(__always)
    mutating func vocabularyID(_ bytes: UnsafeRawBufferPointer?) -> Int32 {
        guard let bytes else { return -1 }
        let id = intern(bytes)
        let known = vocabularyIDs[Int(id)]
        if known >= 0 { return known }
        let assigned = catalog.vocabulary.id(of: interner.string(id))
        vocabularyIDs[Int(id)] = assigned
        return assigned
    }

    /// The program (flow version) of the row; `sequence`, when known, names it in an error.
    @inline(__always)
    mutating func program(
        _ statement: OpaquePointer, _ layout: RowLayout = .record, sequence: Int64? = nil
    ) throws(AuditError) -> Int32 {
        let flow = intern(Self.bytes(statement, layout.flow) ?? UnsafeRawBufferPointer(start: nil, count: 0))
        let version = intern(Self.bytes(statement, layout.version) ?? UnsafeRawBufferPointer(start: nil, count: 0))
        let key = Int64(flow) << 32 | Int64(version)
        let place = RowPlace(statement, layout, sequence: sequence)
        if key == lastProgramKey { return try published(lastProgram, place) }
        let program: Int32
        if let known = programs[key] {
            program = known
        } else {
            program = catalog.index(flow: interner.string(flow), version: interner.string(version)) ?? -1
            programs[key] = program
        }
        lastProgramKey = key
        lastProgram = program
        return try published(program, place)
    }

    @inline(__always)
    private func published(_ program: Int32, _ place: RowPlace) throws(AuditError) -> Int32 {
        guard program >= 0 else {
            throw .unpublishedVersion(
                flow: Self.text(place.statement, place.layout.flow) ?? "",
                version: Self.text(place.statement, place.layout.version) ?? "", session: place.session,
                sequence: place.sequence)
        }
        return program
    }

    @inline(__always)
    private mutating func state(_ statement: OpaquePointer, _ column: Int32, program: Int32) throws(AuditError) -> Int32 {
        try state(Self.bytes(statement, column), program: program, RowPlace(statement))
    }

    /// The state index of a state name in a program; -1 for none.
    @inline(__always)
    private mutating func state(_ bytes: UnsafeRawBufferPointer?, program: Int32, _ place: RowPlace) throws(AuditError) -> Int32 {
        guard let bytes else { return -1 }
        let id = Int(intern(bytes))
        let slot = id &* programCount &+ Int(program)
        if slot >= states.count {
            states.append(contentsOf: [Int32](repeating: -3, count: max(slot + 1 - states.count, 64 * programCount)))
        }
        var index = states[slot]
        if index == -3 {
            index = catalog.stateIndex(program: program, name: interner.string(Int32(id))) ?? -2
            states[slot] = index
        }
        guard index >= 0 else {
            throw .unreadableRecord(
                session: place.session, sequence: place.sequence,
                problem: "flow '\(catalog.program(program).id)' has no state '\(interner.string(Int32(id)))'")
        }
        return index
    }

    @inline(__always)
    private mutating func trigger(_ statement: OpaquePointer) throws(AuditError) -> Trigger.Kind {
        try trigger(Self.bytes(statement, Column.trigger), RowPlace(statement))
    }

    @inline(__always)
    private mutating func trigger(_ bytes: UnsafeRawBufferPointer?, _ place: RowPlace) throws(AuditError) -> Trigger.Kind {
        let id = Int(intern(bytes ?? UnsafeRawBufferPointer(start: nil, count: 0)))
        if !triggerChecked[id] {
            triggers[id] = Trigger.Kind(rawValue: interner.string(Int32(id)))
            triggerChecked[id] = true
        }
        guard let kind = triggers[id] else {
            throw .unreadableRecord(
                session: place.session, sequence: place.sequence,
                problem: "unknown trigger '\(interner.string(Int32(id)))'")
        }
        return kind
    }

    @inline(__always)
    private mutating func outcome(_ statement: OpaquePointer) throws(AuditError) -> EndOutcome? {
        try outcome(Self.bytes(statement, Column.outcome), RowPlace(statement))
    }

    @inline(__always)
    private mutating func outcome(_ bytes: UnsafeRawBufferPointer?, _ place: RowPlace) throws(AuditError) -> EndOutcome? {
        guard let bytes else { return nil }
        let id = Int(intern(bytes))
        if !outcomeChecked[id] {
            outcomes[id] = EndOutcome(rawValue: interner.string(Int32(id)))
            outcomeChecked[id] = true
        }
        guard let outcome = outcomes[id] else {
            throw .unreadableRecord(
                session: place.session, sequence: place.sequence,
                problem: "unknown outcome '\(interner.string(Int32(id)))'")
        }
        return outcome
    }

    /// The row as a trace step.
    @inline(__always)
    mutating func step(_ statement: OpaquePointer) throws(AuditError) -> TraceStep {
        try step(statement, program: try program(statement))
    }

    /// The row as a trace step of a flow version already known (the scanner knows each
    /// open segment's from its start record).
    @inline(__always)
    mutating func step(_ statement: OpaquePointer, program: Int32) throws(AuditError) -> TraceStep {
        TraceStep(
            sequence: Int32(truncatingIfNeeded: sqlite3_column_int64(statement, Column.sequence)),
            depth: Int16(clamping: sqlite3_column_int64(statement, Column.depth)),
            trigger: try trigger(statement), outcome: try outcome(statement),
            tookTransition: sqlite3_column_int64(statement, Column.tookTransition) != 0, program: program,
            from: try state(statement, Column.from, program: program), to: try state(statement, Column.to, program: program),
            event: vocabularyID(statement, Column.event), reason: vocabularyID(statement, Column.reason),
            actor: vocabularyID(statement, Column.actor), role: vocabularyID(statement, Column.role),
            orgUnit: vocabularyID(statement, Column.orgUnit), enteredAt: sqlite3_column_int64(statement, Column.enteredAt),
            leftAt: sqlite3_column_int64(statement, Column.leftAt))
    }

    /// A record's packed audit fields as a trace step of a flow version already known;
    /// `statement` (the scan's row, `packedScanColumns`) names the session in an error.
    @inline(__always)
    mutating func step(
        _ head: AuditFieldsHead, blob: UnsafeRawBufferPointer, program: Int32, _ statement: OpaquePointer
    ) throws(AuditError) -> TraceStep {
        var texts = head.texts(in: blob)
        let sequence = head.sequence
        let place = RowPlace(statement, .packed, sequence: sequence)
        @inline(__always) func next() throws(AuditError) -> UnsafeRawBufferPointer? {
            guard case .some(let text) = texts.next() else { throw Self.unreadablePacked(statement, sequence: sequence) }
            return text
        }
        // In the blob's order.
        let from = try state(try next(), program: program, place)
        let to = try state(try next(), program: program, place)
        let trigger = try trigger(try next(), place)
        let event = vocabularyID(try next())
        let reason = vocabularyID(try next())
        let actor = vocabularyID(try next())
        let role = vocabularyID(try next())
        let orgUnit = vocabularyID(try next())
        let outcome = try outcome(try next(), place)
        guard texts.isAtEnd else { throw Self.unreadablePacked(statement, sequence: sequence) }
        return TraceStep(
            sequence: Int32(truncatingIfNeeded: sequence), depth: Int16(clamping: head.depth), trigger: trigger,
            outcome: outcome, tookTransition: head.tookTransition, program: program, from: from, to: to, event: event,
            reason: reason, actor: actor, role: role, orgUnit: orgUnit, enteredAt: head.enteredAt, leftAt: head.leftAt)
    }

    /// The packed audit fields of the scan's row (`packedScanColumns`): the blob (valid until
    /// the statement steps on) and its head; nil when the row has none (written before the
    /// store had them).
    ///
    /// - Throws: `AuditError.unreadableRecord` when they are there but do not read.
    @inline(__always)
    static func auditFields(_ statement: OpaquePointer) throws(AuditError) -> (blob: UnsafeRawBufferPointer, head: AuditFieldsHead)? {
        let column = RowLayout.packed.auditFields
        guard let start = sqlite3_column_blob(statement, column) else { return nil }
        let blob = UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, column)))
        guard let head = AuditFieldsHead(blob) else { throw unreadablePacked(statement, sequence: 0) }
        return (blob, head)
    }

    /// A packed row's fields that do not read (`sequence` 0 when not known).
    static func unreadablePacked(_ statement: OpaquePointer, sequence: Int64) -> AuditError {
        .unreadableRecord(
            session: session(statement, .packed), sequence: sequence,
            problem:
                "the packed audit fields of row \(sqlite3_column_int64(statement, RowLayout.packed.rowid)) do not read (not format 1)"
        )
    }
}
