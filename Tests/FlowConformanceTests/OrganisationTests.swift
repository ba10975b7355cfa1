import FlowConformance
import FlowModel
import FlowRuntime
import Testing

/// The three person-step checks: performer (with the unit tree), transfer target (a
/// queue's unit), first-contact ownership (hand-over by transfer, escalation by design).
@Suite struct OrganisationTests {
    static let a1 = People.agent("A1")
    static let a2 = People.agent("A2")
    static let b1 = People.agent("B1", unit: "billing-desk")
    static let leader = People.agent("L1", role: "team-leader")

    /// complain.phone up to the billing review, with `reviewer` taking the transferred contact.
    static func toBillingReview(reviewer: Actor, choice: String = "fixed") throws -> DrivenContact {
        var contact = try DrivenContact("complain.phone", id: "O", agent: a1, code: "P903")
        try contact.send(.input("1234"), at: 10, actor: a1)
        try contact.send(.input("same"), at: 20, actor: a1)
        try contact.send(.input("账单金额不对"), at: 60, actor: a1)
        try contact.send(.outcome("connected"), at: 90)
        try contact.send(.input(choice), at: 150, actor: reviewer)
        return contact
    }

    static func measure(_ contact: DrivenContact) throws -> (SessionVerdict, NetCatalog) {
        let catalog = ConformanceFixture.catalog()
        var measurer = SessionMeasurer(catalog: catalog)
        return (measurer.measure(try contact.trace(number: 1, catalog: catalog)), catalog)
    }

    static func failures(_ verdict: SessionVerdict) -> [String] {
        verdict.personSteps.filter { !$0.conforms }.map { "\($0.sequence): \($0.failed)" }
    }

    @Test func aUnitBelowThePerformerUnitMayPerformAndTakeTheTransfer() throws {
        // B1 is in billing-desk, under billing-dept: billing-review's performer, and the unit
        // that serves billing-queue, the transfer's target.
        let (verdict, catalog) = try Self.measure(try Self.toBillingReview(reviewer: Self.b1))
        #expect(Self.failures(verdict) == [])
        #expect(catalog.isUnit(catalog.vocabulary.existingID(of: "billing-desk")!, within: catalog.vocabulary.existingID(of: "billing-dept")!))
        #expect(!catalog.isUnit(catalog.vocabulary.existingID(of: "billing-dept")!, within: catalog.vocabulary.existingID(of: "billing-desk")!))
        #expect(verdict.compliant)
    }

    @Test func someoneOutsideTheQueuesUnitFailsPerformerAndTransferTarget() throws {
        let (verdict, _) = try Self.measure(try Self.toBillingReview(reviewer: Self.a2))
        // A2 (front-line) takes the contact the billing queue should have.
        #expect(Self.failures(verdict) == ["9: performer, transfer-target"])
        #expect(!verdict.compliant)
        #expect(verdict.conformsOnTrajectory)
    }

    @Test func anEscalationByDesignKeepsTheContactWithItsOwner() throws {
        var contact = try Self.toBillingReview(reviewer: Self.b1, choice: "escalate")
        // The team leader handles leader-review (performer team-leader: an escalation the
        // flow designs), and the prompt after it runs in the same step, by the leader.
        try contact.send(.input("done"), at: 200, actor: Self.leader)
        #expect(contact.ended)
        let (verdict, catalog) = try Self.measure(contact)
        let leaderStep = try #require(verdict.personSteps.first { $0.sequence == 10 })
        #expect(catalog.net(leaderStep.program).stateNames[Int(leaderStep.state)] == "leader-review")
        #expect(leaderStep.conforms)
        // wrap-up declares no performers: the leader is not the one the contact belongs to (B1).
        #expect(Self.failures(verdict) == ["11: ownership"])
    }

    @Test func anotherAgentWithoutATransferBreaksFirstContactOwnership() throws {
        var contact = try DrivenContact("demo.phone", id: "D", agent: Self.a1)
        try contact.send(.input("1"), at: 40, actor: Self.a2)
        let (verdict, catalog) = try Self.measure(contact)
        // ask names [agent], which the owner A1 is: not an escalation.
        #expect(Self.failures(verdict) == ["3: ownership", "4: ownership"])
        #expect(catalog.vocabulary.name(verdict.owner.agent) == "A1")
        #expect(catalog.vocabulary.name(verdict.owner.orgUnit) == "front-line")
        #expect(catalog.vocabulary.name(verdict.owner.role) == "agent")
        #expect(!verdict.compliant)
        #expect(verdict.conformsOnTrajectory)
    }

    @Test func aRoleThatIncludesThePerformerRoleMayPerform() throws {
        // The flow map: team-leader includes senior-agent, who includes agent. A senior agent
        // and a team leader may each do what `ask` (performer [agent]) asks of an agent.
        for role in ["senior-agent", "team-leader"] {
            let owner = People.agent("S1", role: role)
            var contact = try DrivenContact("demo.phone", id: "R-\(role)", agent: owner)
            try contact.send(.input("1"), at: 40, actor: owner)
            let (verdict, _) = try Self.measure(contact)
            #expect(Self.failures(verdict) == [], "\(role)")
            #expect(verdict.compliant, "\(role)")
        }
        let catalog = ConformanceFixture.catalog()
        let demo = ConformanceFixture.program("demo.phone")
        let net = catalog.net(catalog.index(flow: demo.id, version: demo.version)!)
        let ask = net.index("ask")
        let unit = catalog.vocabulary.existingID(of: "front-line")!
        for (role, allowed) in [("agent", true), ("senior-agent", true), ("team-leader", true)] {
            let id = catalog.vocabulary.existingID(of: role)!
            #expect(net.accepts(role: id, unit: unit, in: ask, catalog: catalog) == allowed, "\(role)")
        }
    }

    @Test func aRoleDoesNotInheritWhatTheRolesAboveItMayDo() throws {
        // Inclusion goes one way: leader-review (performer [team-leader]) is not an agent's.
        var contact = try Self.toBillingReview(reviewer: Self.b1, choice: "escalate")
        try contact.send(.input("done"), at: 200, actor: People.agent("S2", role: "senior-agent"))
        let (verdict, _) = try Self.measure(contact)
        #expect(Self.failures(verdict).contains { $0.hasPrefix("10: performer") })
    }

    @Test func aSessionNoPersonTouchedHasNoOwnerAndNoPersonSteps() throws {
        var contact = try DrivenContact("demo.ivr", id: "I", agent: nil, code: "V901", channel: "ivr")
        try contact.send(.input("1"), at: 4)
        #expect(contact.ended)
        let (verdict, _) = try Self.measure(contact)
        #expect(verdict.personSteps.isEmpty)
        #expect(verdict.owner == .nobody)
        #expect(verdict.compliant)
    }

    @Test func theTransferTargetOfASkillIsTheUnitServingIt() throws {
        let catalog = ConformanceFixture.catalog()
        let program = ConformanceFixture.program("demo.ivr")
        let net = catalog.net(catalog.index(flow: program.id, version: program.version)!)
        let toBilling = net.index("to-billing")
        #expect(net.transfersToPeople[Int(toBilling)])
        #expect(catalog.vocabulary.name(net.transferUnit[Int(toBilling)]) == "billing-dept")
        let demo = ConformanceFixture.program("demo.phone")
        let phone = catalog.net(catalog.index(flow: demo.id, version: demo.version)!)
        #expect(catalog.vocabulary.name(phone.transferUnit[Int(phone.index("transfer-billing"))]) == "billing-dept")
        #expect(phone.transferUnit[Int(phone.index("ask"))] == -1)
    }
}
