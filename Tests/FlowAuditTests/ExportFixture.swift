import FlowAudit
import FlowConformance
import FlowRuntime
import FlowStore
import Foundation
import Testing

/// Real stores for the export and QA-command tests: a temporary SQLite store with the
/// worked example's library published and its sessions logged through the store's own
/// commit, as the engine writes them (the sessions are `ReportFixture.workedExample()`,
/// played through the real `Stepper`).
enum ExportFixture {
    /// A reason code with everything the text formats must escape: a comma, quotes, XML's
    /// special characters and Chinese text.
    static let awkwardReason = "客户着急, \"马上\" <走> & '挂机'"

    /// S1...S5 of the worked example, and S6: an override with `awkwardReason` by agent
    /// `A9,x` (a comma in a name).
    static func contacts() throws -> [DrivenContact] {
        var contacts = try ReportFixture.workedExample()
        let agent = Actor(id: "A9,x", role: "agent", orgUnit: "front-line")
        var s6 = try DrivenContact("demo.phone", id: "S6", agent: agent, at: ReportFixture.nine(2026, 11, 3))
        try s6.send(.override(to: "done", reason: awkwardReason), at: 12, actor: agent)
        contacts.append(s6)
        return contacts
    }

    /// A complaint (complain.phone at P903) whose identity check runs the subflow
    /// check.phone: docs' SubflowDeviationTests' conforming session, as session C.
    static func complaint() throws -> DrivenContact {
        let a1 = ReportFixture.agent("A1")
        let b1 = ReportFixture.agent("B1", unit: "billing-desk")
        var contact = try DrivenContact("complain.phone", id: "C", agent: a1, at: ReportFixture.nine(2026, 11, 4), code: "P903")
        try contact.send(.input("1234"), at: 10, actor: a1)
        try contact.send(.input("same"), at: 20, actor: a1)
        try contact.send(.input("账单金额不对"), at: 60, actor: a1)
        try contact.send(.outcome("connected"), at: 90)
        try contact.send(.input("fixed"), at: 150, actor: b1)
        return contact
    }

    /// A store holding `contacts()` and `extra` (and the library published), closed; its path.
    static func store(adding extra: [DrivenContact] = []) async throws -> String {
        let folder = try QAFixture.temporaryFolder()
        let path = folder.appendingPathComponent("flowmap.sqlite").path
        let store = try SQLiteSessionStore(path: path)
        _ = try FlowVersionStore(store: store).publish(paths: [ReportFixture.folder.path])
        for contact in try contacts() + extra {
            #expect(contact.ended)
            try await store.commit(StepCommit(session: contact.session.state, records: contact.records, receipt: nil))
        }
        store.close()
        return path
    }

    /// The demo flow's program number in an audit catalog.
    static func demoPhone(_ audit: AuditCatalog) throws -> Int32 {
        try #require(try audit.programs(flow: "demo.phone").first)
    }
}
