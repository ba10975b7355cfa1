@testable import FlowStore
import FlowmapTestSupport
import Foundation
import GRDB
import Testing

/// `flowmap publish`, `flowmap log verify` and the hidden `store-load`, through the real binary.
@Suite struct CommandTests {
    func flowmap(_ arguments: [String]) async throws -> FlowmapRun {
        try await FlowmapBinary.run(arguments, in: StoreFixture.root)
    }

    @Test func publishPrintsEachFlowOnceAndThenUnchanged() async throws {
        let folder = try StoreFixture.temporaryFolder()
        let library = folder.appendingPathComponent("Flows").path
        try FileManager.default.copyItem(atPath: StoreFixture.flows.path, toPath: library)
        let store = folder.appendingPathComponent("flowmap.sqlite").path

        let first = try await flowmap(["publish", library, "--store", store])
        #expect(first.status == 0, "\(first.stderr)")
        let lines = first.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("flowmap ") && $0.contains("  published ") })
        #expect(lines.contains { $0.hasPrefix("bill-inquiry.ivr ") && $0.contains("  published ") })
        #expect(lines.allSatisfy { $0.range(of: #"  published [0-9a-f]{12}$"#, options: .regularExpression) != nil })

        let second = try await flowmap(["publish", library, "--store", store])
        #expect(second.status == 0)
        #expect(second.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix("  unchanged") })
        #expect(second.stdout.split(separator: "\n").count == lines.count)
    }

    @Test func publishRefusesALibraryWithLintErrors() async throws {
        let folder = try StoreFixture.temporaryFolder()
        let library = folder.appendingPathComponent("Flows")
        try FileManager.default.copyItem(at: StoreFixture.flows, to: library)
        let file = library.appendingPathComponent("top-up/top-up.ivr.yaml")
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "next: check-caller-id", with: "next: nowhere")
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try await flowmap(["publish", library.path, "--store", folder.appendingPathComponent("s.sqlite").path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("top-up.ivr.yaml"))
        #expect(result.stderr.contains("nothing was published"))
    }

    @Test func logVerifyReportsAnIntactChainAndThenTheBrokenRecord() async throws {
        let (store, path) = try StoreFixture.temporaryStore()
        for id in ["s-1", "s-2"] {
            var contact = try Contact(id: id, seed: 5)
            try await store.commit(contact.started)
            while let step = contact.next() { try await store.commit(step) }
        }
        store.close()
        let counts = try await store.counts()

        let intact = try await flowmap(["log", "verify", "--store", path])
        #expect(intact.status == 0)
        #expect(intact.stdout == "2 sessions, \(counts.records) records: chain intact\n")

        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        try await DatabaseQueue(path: path, configuration: configuration).write { db in
            try db.execute(sql: "UPDATE traversal_log SET changes = 'x=1' WHERE session = 's-2' AND sequence = 4")
            try db.execute(sql: "DELETE FROM traversal_log WHERE session = 's-1' AND sequence = 2")
        }
        let broken = try await flowmap(["log", "verify", "--store", path])
        #expect(broken.status == 1)
        #expect(broken.stdout == "session s-1: record 2 missing\nsession s-2: record 4 changed (hash mismatch)\n")
    }

    @Test func logVerifyNeedsAStore() async throws {
        let result = try await flowmap(["log", "verify", "--store", "/nonexistent/flowmap.sqlite"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no store at"))
    }

    @Test func storeLoadIsHiddenButHelpful() async throws {
        let help = try await flowmap(["--help"])
        #expect(help.stdout.contains("publish"))
        #expect(help.stdout.contains("log"))
        #expect(!help.stdout.contains("store-load"))
        let own = try await flowmap(["store-load", "--help"])
        #expect(own.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("crash tests and load experiments"))
    }
}
