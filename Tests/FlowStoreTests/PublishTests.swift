import FlowLoading
import FlowRuntime
@testable import FlowStore
import Foundation
import Testing

/// Publishing the library: content-addressed versions, idempotent, old versions kept
/// loadable, a changed flow current at its new version, a library with errors refused.
@Suite struct PublishTests {
    /// A copy of the shipped library in a temporary folder, and a store beside it.
    func workspace() throws -> (library: URL, store: SQLiteSessionStore) {
        let folder = try StoreFixture.temporaryFolder()
        let library = folder.appendingPathComponent("Flows")
        try FileManager.default.copyItem(at: StoreFixture.flows, to: library)
        return (library, try SQLiteSessionStore(path: folder.appendingPathComponent("flowmap.sqlite").path))
    }

    @Test func aLibraryIsPublishedByContentAndRepublishingChangesNothing() throws {
        let (library, store) = try workspace()
        let versions = FlowVersionStore(store: store)
        let first = try versions.publish(paths: [library.path])
        let loaded = FlowLibrary.load(paths: [library.path])
        #expect(first.count == loaded.flows.count + 1)
        #expect(first.allSatisfy { $0.status == .published })
        let map = try #require(first.first { $0.kind == .flowMap })
        #expect(map.document == "flowmap")
        for flow in loaded.flows {
            let published = try #require(first.first { $0.document == flow.id })
            #expect(published.version == (try FlowVersion.hash(ofFileAt: flow.file)))
        }
        let again = try versions.publish(paths: [library.path])
        #expect(again.allSatisfy { $0.status == .unchanged })
        #expect(again.map(\.version) == first.map(\.version))
        #expect(try versions.versions(of: "bill-inquiry.ivr").count == 1)
    }

    @Test func aChangedFlowBecomesCurrentAndItsOldVersionStaysLoadable() throws {
        let (library, store) = try workspace()
        let versions = FlowVersionStore(store: store)
        let first = try versions.publish(paths: [library.path])
        let old = try #require(first.first { $0.document == "bill-inquiry.ivr" }).version

        let file = library.appendingPathComponent("bill-inquiry/bill-inquiry.ivr.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "您好，欢迎使用话费查询服务。", with: "您好，欢迎致电话费查询。")
            .write(to: file, atomically: true, encoding: .utf8)
        let second = try versions.publish(paths: [library.path])
        let changed = try #require(second.first { $0.document == "bill-inquiry.ivr" })
        #expect(changed.status == .published)
        #expect(changed.version != old)
        #expect(changed.description == "bill-inquiry.ivr  published \(changed.version.prefix(8))")
        #expect(second.filter { $0.status == .published }.count == 1)

        let programs = try versions.programLibrary()
        #expect(programs.currentProgram(flow: "bill-inquiry.ivr")?.version == changed.version)
        let previous = try #require(programs.program(flow: "bill-inquiry.ivr", version: old))
        #expect(previous.states.contains { $0.id == "welcome" })
        #expect(previous.flow.states.first { $0.id == "welcome" }.map { "\($0)" }?.contains("欢迎使用话费查询服务") == true)
        #expect(programs.programs.count == FlowLibrary.load(paths: [library.path]).flows.count)
        let stored = try versions.versions(of: "bill-inquiry.ivr")
        #expect(stored.map(\.version) == [old, changed.version])
        #expect(stored.map(\.isCurrent) == [false, true])

        // Putting the old text back makes the old version current again; nothing new is stored.
        try text.write(to: file, atomically: true, encoding: .utf8)
        let third = try versions.publish(paths: [library.path])
        #expect(third.first { $0.document == "bill-inquiry.ivr" }?.status == .restored)
        #expect(try versions.programLibrary().currentProgram(flow: "bill-inquiry.ivr")?.version == old)
        #expect(try versions.versions(of: "bill-inquiry.ivr").count == 2)
    }

    @Test func aSessionOnAnOldVersionResumesFromTheStoredLibrary() async throws {
        let (library, store) = try workspace()
        let versions = FlowVersionStore(store: store)
        _ = try versions.publish(paths: [library.path])
        let before = try versions.programLibrary()
        let file = library.appendingPathComponent("bill-inquiry/bill-inquiry.ivr.yaml")
        try (String(contentsOf: file, encoding: .utf8) + "\n# revised\n").write(to: file, atomically: true, encoding: .utf8)
        _ = try versions.publish(paths: [library.path])

        // A session started before the change pins the old version in its frame.
        let program = try #require(before.currentProgram(flow: "bill-inquiry.ivr"))
        let after = try versions.programLibrary()
        #expect(after.currentProgram(flow: "bill-inquiry.ivr")?.version != program.version)
        let resumed = try #require(after.program(flow: "bill-inquiry.ivr", version: program.version))
        #expect(resumed.states.map(\.id) == program.states.map(\.id))
    }

    @Test func aLibraryWithLintErrorsIsRefusedAndNothingIsStored() throws {
        let (library, store) = try workspace()
        let versions = FlowVersionStore(store: store)
        let file = library.appendingPathComponent("top-up/top-up.ivr.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "next: check-caller-id", with: "next: nowhere").write(to: file, atomically: true, encoding: .utf8)
        #expect {
            try versions.publish(paths: [library.path])
        } throws: { error in
            guard case PublishError.lintErrors(let diagnostics) = error else { return false }
            return diagnostics.contains { $0.message.contains("nowhere") }
        }
        #expect(try versions.programLibrary().programs.isEmpty)
        #expect(try versions.versions(of: "top-up.ivr").isEmpty)
    }
}
