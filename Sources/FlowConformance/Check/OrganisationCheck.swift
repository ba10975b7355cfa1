/// The three checks of a person-step (docs/auditing.md, "Organisational conformance").
public struct PersonStepChecks: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The actor matches none of the state's `performer:` roles and units.
    public static let performer = PersonStepChecks(rawValue: 1)
    /// The first person-step after a transfer to people is by someone outside the target's unit.
    public static let transferTarget = PersonStepChecks(rawValue: 2)
    /// Someone other than the contact's owner acted, with no transfer or escalation to allow it.
    public static let ownership = PersonStepChecks(rawValue: 4)

    /// `performer, transfer-target`: the names reports use.
    public var description: String {
        var names: [String] = []
        if contains(.performer) { names.append("performer") }
        if contains(.transferTarget) { names.append("transfer-target") }
        if contains(.ownership) { names.append("ownership") }
        return names.joined(separator: ", ")
    }
}

/// One person-step and the checks it failed (none when it conforms).
public struct PersonStep: Sendable, Hashable {
    public var sequence: Int32
    /// The flow version and the state it performs.
    public var program: Int32
    public var state: Int32
    /// Vocabulary ids of the acting person, their role and org unit.
    public var actor: Int32
    public var role: Int32
    public var orgUnit: Int32
    public var failed: PersonStepChecks

    public init(sequence: Int32, program: Int32, state: Int32, actor: Int32, role: Int32, orgUnit: Int32, failed: PersonStepChecks) {
        self.sequence = sequence
        self.program = program
        self.state = state
        self.actor = actor
        self.role = role
        self.orgUnit = orgUnit
        self.failed = failed
    }

    public var conforms: Bool { failed.isEmpty }
}

/// Who owns a session (first-contact ownership, 首问负责制): the actor of its first
/// person-step, with their role and org unit; -1s when no person acted.
public struct SessionOwner: Sendable, Hashable {
    public var agent: Int32
    public var role: Int32
    public var orgUnit: Int32

    public init(agent: Int32 = -1, role: Int32 = -1, orgUnit: Int32 = -1) {
        self.agent = agent
        self.role = role
        self.orgUnit = orgUnit
    }

    public static let nobody = SessionOwner()
}

/// Checks every person-step of a session, in order, across its segments.
public enum OrganisationCheck {
    /// Appends each person-step of `trace` with the checks it failed to `personSteps`;
    /// returns the session's owner.
    public static func check(_ trace: SessionTrace, catalog: NetCatalog, into personSteps: inout [PersonStep]) -> SessionOwner {
        var owner = SessionOwner.nobody
        // The one the contact belongs to now: the owner, until a transfer hands it over.
        var holder = SessionOwner.nobody
        var handedOver = false
        // After a transfer to people: the unit its first person-step must be in (-1: none known).
        var awaitingTransfer = false
        var transferUnit: Int32 = -1
        var lastProgram: Int32 = -1
        var net: FlowNet?
        for step in trace.steps {
            if step.program != lastProgram {
                net = catalog.net(step.program)
                lastProgram = step.program
            }
            guard let net else { continue }
            if step.isPersonStep {
                let state = step.performedState
                var failed: PersonStepChecks = []
                if state >= 0, !net.accepts(role: step.role, unit: step.orgUnit, in: state, catalog: catalog) {
                    failed.insert(.performer)
                }
                if awaitingTransfer {
                    if transferUnit >= 0, step.orgUnit < 0 || !catalog.isUnit(step.orgUnit, within: transferUnit) {
                        failed.insert(.transferTarget)
                    }
                    awaitingTransfer = false
                }
                if owner.agent < 0 {
                    owner = SessionOwner(agent: step.actor, role: step.role, orgUnit: step.orgUnit)
                    holder = owner
                } else if handedOver {
                    // The transfer handed the contact over: whoever acts first owns it now.
                    holder = SessionOwner(agent: step.actor, role: step.role, orgUnit: step.orgUnit)
                    handedOver = false
                } else if step.actor != holder.agent {
                    // Allowed when the flow itself sends this step to a role or unit the
                    // holder is not (an escalation: the holder keeps the contact).
                    let escalated =
                        state >= 0 && net.hasPerformers(state)
                        && !net.accepts(role: holder.role, unit: holder.orgUnit, in: state, catalog: catalog)
                    if !escalated { failed.insert(.ownership) }
                }
                personSteps.append(PersonStep(
                    sequence: step.sequence, program: step.program, state: state, actor: step.actor, role: step.role,
                    orgUnit: step.orgUnit, failed: failed))
            }
            if isTransferToPeople(step, net: net) {
                awaitingTransfer = true
                transferUnit = net.transferUnit[Int(step.from)]
                handedOver = true
            }
        }
        return owner
    }

    /// A designed move out of a transfer state to people, on `connected`: the contact
    /// reached the people it was sent to.
    static func isTransferToPeople(_ step: TraceStep, net: FlowNet) -> Bool {
        guard step.from >= 0, step.to >= 0, step.event == Vocabulary.Event.connected,
            step.trigger == .event || step.trigger == .handler, net.transfersToPeople[Int(step.from)]
        else { return false }
        return net.moveID(from: step.from, to: step.to) >= 0
    }
}
