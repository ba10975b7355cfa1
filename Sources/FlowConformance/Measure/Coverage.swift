import FlowModel

/// Usage coverage (docs/auditing.md, "Usage coverage"): which designed moves and states of
/// each flow version some session used, and which contact points had sessions.
///
/// Bitsets with a bit per move and per state of the catalog, and the set of contact
/// points seen: fixed size, merged by OR.
public struct Coverage: Sendable {
    public let catalog: NetCatalog
    private var movesUsed: [UInt64]
    private var statesUsed: [UInt64]
    private var contactPoints: Set<Int32> = []
    /// Sessions counted per flow version.
    private var sessions: [Int]

    public init(catalog: NetCatalog) {
        self.catalog = catalog
        movesUsed = [UInt64](repeating: 0, count: (catalog.totalMoves + 63) >> 6)
        statesUsed = [UInt64](repeating: 0, count: (catalog.totalStates + 63) >> 6)
        sessions = [Int](repeating: 0, count: catalog.count)
    }

    /// Marks what a session used: its designed moves, the states it entered (any depth).
    public mutating func add(_ verdict: SessionVerdict) {
        if verdict.program >= 0 { sessions[Int(verdict.program)] += 1 }
        contactPoints.insert(verdict.contactPoint)
        for use in verdict.movesUsed {
            let slot = catalog.moveSlot(program: use.program, move: use.move)
            movesUsed[slot >> 6] |= 1 << UInt64(slot & 63)
        }
        for visit in verdict.visits {
            let slot = catalog.stateSlot(program: visit.program, state: visit.state)
            statesUsed[slot >> 6] |= 1 << UInt64(slot & 63)
        }
    }

    public mutating func merge(_ other: Coverage) {
        precondition(other.catalog === catalog, "coverage of different catalogs")
        for index in movesUsed.indices { movesUsed[index] |= other.movesUsed[index] }
        for index in statesUsed.indices { statesUsed[index] |= other.statesUsed[index] }
        contactPoints.formUnion(other.contactPoints)
        for index in sessions.indices { sessions[index] += other.sessions[index] }
    }

    public func sessions(of program: Int32) -> Int { sessions[Int(program)] }

    public func used(program: Int32, move: Int32) -> Bool {
        let slot = catalog.moveSlot(program: program, move: move)
        return movesUsed[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    public func used(program: Int32, state: Int32) -> Bool {
        let slot = catalog.stateSlot(program: program, state: state)
        return statesUsed[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    /// The designed moves no session took, as labels (`ask->hung-up`), in move order.
    public func unusedMoves(of program: Int32) -> [String] {
        let net = catalog.net(program)
        return (0..<Int32(net.moveCount)).filter { !used(program: program, move: $0) }.map { net.label(ofMove: $0) }
    }

    /// The states no session entered, in declaration order.
    public func unusedStates(of program: Int32) -> [String] {
        let net = catalog.net(program)
        return (0..<Int32(net.stateCount)).filter { !used(program: program, state: $0) }.map { net.stateNames[Int($0)] }
    }

    /// Whether any session came through the contact point (its code's vocabulary id).
    public func hasSessions(contactPoint: Int32) -> Bool { contactPoints.contains(contactPoint) }

    /// The flow map's contact points served by a flow (a cell, or a variant for that brand)
    /// through which no session came.
    public func contactPointsWithoutSessions(in flowMap: FlowMap, vocabulary: Vocabulary) -> [ContactPoint] {
        flowMap.contactPoints.filter { point in
            guard let cell = flowMap.cell(business: point.business, channel: point.channel) else { return false }
            let offered =
                cell.assignment.isFlow
                || cell.variants.contains { ($0.brand == nil || $0.brand?.name == point.brand) && $0.assignment.isFlow }
            guard offered else { return false }
            guard let id = vocabulary.existingID(of: point.code) else { return true }
            return !contactPoints.contains(id)
        }
    }
}

extension CellAssignment {
    var isFlow: Bool {
        if case .flow = self { return true }
        return false
    }
}
