import FlowModel
import FlowRuntime

/// Every flow version an audit measures, numbered, with its net; and the organisation's
/// unit tree by vocabulary id.
///
/// Traces name flow versions by their number here (`TraceStep.program`), so measuring a
/// record never hashes a flow name or version. Built once, immutable after.
///
/// ```swift
/// let vocabulary = Vocabulary()
/// let catalog = NetCatalog(programs: published, organisation: map.organisation, vocabulary: vocabulary)
/// let program = catalog.index(flow: "bill-inquiry.ivr", version: hash)
/// ```
public final class NetCatalog: Sendable {
    public let vocabulary: Vocabulary
    private let programs: [FlowProgram]
    private let nets: [FlowNet]
    private let indexByVersion: [String: Int32]
    private let stateIndices: [[String: Int32]]
    /// The parent of each org unit, by vocabulary id: -1 for a top unit, -2 for an id that
    /// is not a unit of the organisation.
    private let unitParent: [Int32]
    /// Per program: its flow, business and channel as vocabulary ids, for roll-ups.
    private let flowIDs: [Int32]
    private let businessIDs: [Int32]
    private let channelIDs: [Int32]
    /// Where each program's states and moves start in dense per-catalog tables
    /// (`StateTimes`, `Coverage`): state `s` of program `p` is `stateBase[p] + s`.
    private let stateBase: [Int32]
    private let moveBase: [Int32]

    /// - Parameters:
    ///   - programs: every version to audit (several versions of a flow may be here).
    ///   - organisation: the flow map's, for performers, transfer targets and unit ancestry.
    ///   - vocabulary: the scan's; every role and unit name is interned in it now.
    public init(programs: [FlowProgram], organisation: Organisation, vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
        // Every role and unit first, so that their ids are fixed before the scan adds names.
        for role in organisation.roles { _ = vocabulary.id(of: role.id) }
        for unit in organisation.units { _ = vocabulary.id(of: unit.id) }
        self.programs = programs
        nets = programs.map { FlowNet(program: $0, organisation: organisation, vocabulary: vocabulary) }
        var indexByVersion: [String: Int32] = [:]
        for (index, program) in programs.enumerated() where indexByVersion[Self.key(program.id, program.version)] == nil {
            indexByVersion[Self.key(program.id, program.version)] = Int32(index)
        }
        self.indexByVersion = indexByVersion
        stateIndices = programs.map { program in
            var names: [String: Int32] = [:]
            for (index, state) in program.states.enumerated() { names[state.id] = Int32(index) }
            return names
        }
        flowIDs = programs.map { vocabulary.id(of: $0.id) }
        businessIDs = programs.map { vocabulary.id(of: $0.flow.business.name) }
        channelIDs = programs.map { vocabulary.id(of: $0.flow.channel.name) }
        var stateBase: [Int32] = [0]
        var moveBase: [Int32] = [0]
        for net in nets {
            stateBase.append(stateBase[stateBase.count - 1] + Int32(net.stateCount))
            moveBase.append(moveBase[moveBase.count - 1] + Int32(net.moveCount))
        }
        self.stateBase = stateBase
        self.moveBase = moveBase

        let unitIDs = organisation.units.map { vocabulary.id(of: $0.id) }
        var parents = [Int32](repeating: -2, count: Int((unitIDs.max() ?? -1) + 1))
        for (unit, id) in zip(organisation.units, unitIDs) {
            parents[Int(id)] = unit.parent.map { vocabulary.id(of: $0.name) } ?? -1
        }
        unitParent = parents
    }

    private static func key(_ flow: String, _ version: String) -> String { flow + "\u{0}" + version }

    /// How many flow versions the catalog holds.
    public var count: Int { programs.count }

    /// The number of a flow version; nil when it is not being audited.
    public func index(flow: String, version: String) -> Int32? { indexByVersion[Self.key(flow, version)] }

    public func program(_ index: Int32) -> FlowProgram { programs[Int(index)] }

    public func net(_ index: Int32) -> FlowNet { nets[Int(index)] }

    /// A state of a program by name (for the slow path and the scanner's caches).
    public func stateIndex(program: Int32, name: String) -> Int32? { stateIndices[Int(program)][name] }

    /// Whether org unit `unit` is `ancestor` or lies below it in the organisation. Units the
    /// organisation does not declare match only themselves.
    public func isUnit(_ unit: Int32, within ancestor: Int32) -> Bool {
        var current = unit
        var steps = 0
        while current >= 0 {
            if current == ancestor { return true }
            guard Int(current) < unitParent.count else { return false }
            current = unitParent[Int(current)]
            steps += 1
            // A parent cycle is a lint error; do not loop on one.
            if steps > unitParent.count { return false }
        }
        return false
    }

    /// The flow id, business and channel of a program, as vocabulary ids.
    public func flowID(_ program: Int32) -> Int32 { flowIDs[Int(program)] }
    public func business(_ program: Int32) -> Int32 { businessIDs[Int(program)] }
    public func channel(_ program: Int32) -> Int32 { channelIDs[Int(program)] }

    /// The position of a program's state, or of its designed move, in tables that hold
    /// every state (or move) of the catalog.
    public func stateSlot(program: Int32, state: Int32) -> Int { Int(stateBase[Int(program)] + state) }
    public func moveSlot(program: Int32, move: Int32) -> Int { Int(moveBase[Int(program)] + move) }
    public var totalStates: Int { Int(stateBase[stateBase.count - 1]) }
    public var totalMoves: Int { Int(moveBase[moveBase.count - 1]) }
}
