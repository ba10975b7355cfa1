import FlowAccess
import Foundation
import Testing

/// The permission matrix, cell by cell, and the scope checks some cells carry.
@Suite struct AccessPolicyTests {
    static let now = KeyStoreFixture.now

    /// One key per role; the adapter drives ivr, the agent acts as A2.
    static func key(_ role: Role, piiReader: Bool = false, disabledAt: Date? = nil) -> AccessKey {
        let scope: KeyScope =
            switch role {
            case .adapter: KeyScope(channels: ["ivr"], piiReader: piiReader)
            case .agent: KeyScope(agent: "A2", piiReader: piiReader)
            default: KeyScope(piiReader: piiReader)
            }
        return AccessKey(
            id: "00000000000000a\(Role.allCases.firstIndex(of: role)!)", owner: "\(role.rawValue)-owner", role: role,
            scope: scope, createdAt: now.addingTimeInterval(-86400), createdBy: "root", disabledAt: disabledAt,
            disabledBy: disabledAt == nil ? nil : "root", disabledReason: disabledAt == nil ? nil : "left")
    }

    /// The target that fits each key's scope: an ivr session assigned to A2 (or the ivr channel).
    static func fittingTarget(_ action: Action) -> AccessTarget {
        switch action {
        case .startSession: .channel("ivr")
        case .sendEvent, .sendInput, .overrideStep, .recordStep, .readSession, .streamSession:
            .session(channel: "ivr", assignedAgent: "A2")
        default: .service
        }
    }

    /// Hand-written from docs/service.md's matrix. Columns: designer adapter agent qa auditor admin.
    static let expected: [(Action, String)] = [
        (.readFlowMap, "YYYYYY"),
        (.lintFlow, "Y-----"),
        (.publishFlow, "Y-----"),
        (.startSession, "-Y----"),
        (.sendEvent, "-Y----"),
        (.sendInput, "-YY---"),
        (.overrideStep, "--Y---"),
        (.recordStep, "--Y---"),
        (.readSession, "-YYYY-"),
        (.streamSession, "-YY---"),
        (.readAudit, "---YY-"),
        (.drawSample, "---Y--"),
        (.recordInspection, "---Y--"),
        (.readInspections, "---YY-"),
        (.manageKeys, "-----Y"),
        (.configure, "-----Y"),
    ]

    @Test func theExpectationsCoverEveryAction() {
        #expect(Self.expected.map(\.0) == Action.allCases)
        #expect(Role.allCases == [.designer, .adapter, .agent, .qa, .auditor, .admin])
    }

    @Test(arguments: AccessPolicyTests.expected)
    func everyRoleAgainstTheAction(action: Action, row: String) {
        let allowed = zip(Role.allCases, row).filter { $0.1 == "Y" }.map(\.0)
        for (role, cell) in zip(Role.allCases, row) {
            let decision = AccessPolicy.authorise(Self.key(role), action, on: Self.fittingTarget(action), at: Self.now)
            if cell == "Y" {
                #expect(decision == .allowed, "\(role) \(action)")
            } else {
                #expect(decision == .denied(.role(role, action: action, allowed: allowed)), "\(role) \(action)")
            }
        }
    }

    @Test func anAdapterActsOnlyOnItsChannels() {
        let adapter = Self.key(.adapter)
        #expect(AccessPolicy.authorise(adapter, .startSession, on: .channel("sms"), at: Self.now)
            == .denied(.channel(keyChannels: ["ivr"], target: "sms")))
        for action in [Action.sendEvent, .sendInput, .readSession, .streamSession] {
            #expect(AccessPolicy.authorise(adapter, action, on: .session(channel: "phone", assignedAgent: nil), at: Self.now)
                == .denied(.channel(keyChannels: ["ivr"], target: "phone")))
            #expect(AccessPolicy.authorise(adapter, action, on: .session(channel: "ivr", assignedAgent: nil), at: Self.now) == .allowed)
        }
        #expect(AccessPolicy.authorise(adapter, .startSession, on: .service, at: Self.now)
            == .denied(.target(action: .startSession, needs: "a channel or a session")))
        let reason = DenialReason.channel(keyChannels: ["ivr"], target: "sms")
        #expect(reason.description == "channel sms is not one of the key's channels (ivr)" && reason.code == "channel")
    }

    @Test func anAgentActsOnlyInSessionsAssignedToIt() {
        let agent = Self.key(.agent)
        for action in [Action.sendInput, .overrideStep, .recordStep, .readSession, .streamSession] {
            #expect(AccessPolicy.authorise(agent, action, on: .session(channel: "phone", assignedAgent: "A3"), at: Self.now)
                == .denied(.agent(keyAgent: "A2", assigned: "A3")))
            #expect(AccessPolicy.authorise(agent, action, on: .session(channel: "phone", assignedAgent: nil), at: Self.now)
                == .denied(.agent(keyAgent: "A2", assigned: nil)))
            #expect(AccessPolicy.authorise(agent, action, on: .session(channel: "phone", assignedAgent: "A2"), at: Self.now) == .allowed)
            #expect(AccessPolicy.authorise(agent, action, on: .channel("phone"), at: Self.now)
                == .denied(.target(action: action, needs: "a session")))
        }
        #expect(DenialReason.agent(keyAgent: "A2", assigned: "A3").description == "the session is assigned to agent A3, not A2")
        #expect(DenialReason.agent(keyAgent: "A2", assigned: nil).description == "the session is assigned to no agent; the key acts as A2")
    }

    @Test func aDisabledKeyMayDoNothing() {
        for role in Role.allCases {
            let key = Self.key(role, disabledAt: Self.now)
            for action in Action.allCases {
                #expect(AccessPolicy.authorise(key, action, on: Self.fittingTarget(action), at: Self.now) == .denied(.disabledKey(id: key.id)))
            }
            // A second before its end it still works where its role allows.
            #expect(AccessPolicy.authorise(key, .readFlowMap, on: .service, at: Self.now.addingTimeInterval(-1)) == .allowed)
        }
    }

    @Test func theRoleDenialNamesTheRolesThatMay() {
        let reason = DenialReason.role(.auditor, action: .publishFlow, allowed: [.designer])
        #expect(reason.description == "role auditor may not publish-flow (allowed: designer)")
        #expect(reason.code == "role")
        #expect(DenialReason.role(.admin, action: .readSession, allowed: [.adapter, .agent, .qa, .auditor]).description
            == "role admin may not read-session (allowed: adapter, agent, qa, auditor)")
    }

    @Test func onlyAnExplicitPIIReaderGrantShowsPIIInClear() {
        for role in Role.allCases {
            #expect(!AccessPolicy.showsPIIInClear(to: Self.key(role), at: Self.now), "\(role) without the grant")
            // Built directly (the key store refuses the grant on designer, adapter, admin).
            let granted = Self.key(role, piiReader: true)
            #expect(AccessPolicy.showsPIIInClear(to: granted, at: Self.now) == [Role.agent, .qa, .auditor].contains(role), "\(role)")
            #expect(!AccessPolicy.showsPIIInClear(to: Self.key(role, piiReader: true, disabledAt: Self.now), at: Self.now))
        }
    }

    @Test func scopesFitTheirRoles() throws {
        try KeyScope(channels: ["ivr", "sms", "ivr"]).check(for: .adapter)
        #expect(KeyScope(channels: ["sms", "ivr", "sms"]).channels == ["ivr", "sms"])
        try KeyScope(agent: "A2", piiReader: true).check(for: .agent)
        try KeyScope(piiReader: true).check(for: .auditor)
        #expect(throws: KeyError.scope("an adapter key acts on channels, not as an agent: drop --agent")) {
            try KeyScope(channels: ["ivr"], agent: "A2").check(for: .adapter)
        }
        #expect(throws: KeyError.scope("an agent key is scoped to its agent, not to channels: drop --channel")) {
            try KeyScope(channels: ["phone"], agent: "A2").check(for: .agent)
        }
        #expect(throws: KeyError.scope("a designer key takes no --agent (only agent keys do)")) {
            try KeyScope(agent: "A2").check(for: .designer)
        }
        #expect(throws: KeyError.scope("the pii-reader grant is for agent, auditor, qa keys only, not adapter")) {
            try KeyScope(channels: ["ivr"], piiReader: true).check(for: .adapter)
        }
    }
}
