import FlowAudit
import FlowRuntime
import FlowmapTestSupport
import Foundation
import Testing

/// `flowmap audit traversals | session | measure | net`, run as the real binary over the
/// worked example's store: what they print, what bad input gets, and the store's bytes
/// unchanged.
@Suite struct ScanCommandTests {
    static func flowmap(_ arguments: [String]) async throws -> FlowmapRun {
        try await FlowmapBinary.run(arguments)
    }

    static let demoVersion = try! String(FlowVersion.hash(ofFileAt: ScanFixture.demo.appendingPathComponent("demo.phone.yaml").path).prefix(8))

    @Test func theCommandsOverTheWorkedExample() async throws {
        let path = try await ScanFixture.workedExampleStore()
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func bytes() throws -> [Data] {
            try ["flowmap.sqlite", "flowmap.sqlite-wal"].compactMap { name in
                let file = folder.appendingPathComponent(name)
                return FileManager.default.fileExists(atPath: file.path) ? try Data(contentsOf: file) : nil
            }
        }
        let before = try bytes()

        let measure = try await Self.flowmap(["audit", "measure", "--store", path, "--format", "json"])
        #expect(measure.status == 0, "\(measure.stderr)")
        let figures = try JSONDecoder().decode(MeasureFigures.self, from: Data(measure.stdout.utf8))
        #expect(figures.scan.measuredSessions == 5)
        #expect(figures.trajectory.conforming.part == 3)
        #expect(figures.trajectory.missing == 2 && figures.trajectory.consumed == 22)
        #expect(figures.trajectory.alignmentCost == 3 && figures.trajectory.alignmentDenominator == 20)
        #expect(figures.organisation.conforming.part == 16 && figures.organisation.conforming.whole == 17)
        // No QA store beside this store: S3 is not failed by an inspector, so S1 and S3 comply.
        #expect(!figures.fieldUse.qaStore)
        #expect(figures.compliance.compliant.part == 2 && figures.compliance.compliant.whole == 5)

        let table = try await Self.flowmap(["audit", "measure", "--store", path])
        #expect(table.stdout.contains("no QA store"))
        #expect(table.stdout.contains("conforming sessions 3/5 = 60.0%"))
        #expect(table.stdout.contains("token-replay fitness 0.9091  (m 2, c 22, r 2, p 22)"))
        #expect(table.stdout.contains("alignment fitness 0.8500  (cost 3 / 20)"))
        #expect(table.stdout.contains("conforming person-steps 16/17 = 94.1%"))

        let traversals = try await Self.flowmap(["audit", "traversals", "--store", path, "--deviation", "override", "--format", "csv"])
        #expect(traversals.status == 0, "\(traversals.stderr)")
        #expect(traversals.stdout == """
            session,contact_point,flow,version,start,duration_s,handling_s,outcome,owner,trajectory,deviations\r
            S2,P901,demo.phone,\(Self.demoVersion),2026-11-02T09:00:00Z,30,30,resolved,A2,deviates,override skipped-mandatory\r

            """)
        let limited = try await Self.flowmap(["audit", "traversals", "--store", path, "--limit", "2", "--format", "json"])
        let lines = try JSONDecoder().decode([TraversalLine].self, from: Data(limited.stdout.utf8))
        #expect(lines.map(\.session) == ["S1", "S2"])

        let session = try await Self.flowmap(["audit", "session", "S4", "--store", path])
        #expect(session.status == 0, "\(session.stderr)")
        let recordLines = session.stdout.split(separator: "\n").filter { $0.hasPrefix("5 ") || $0.hasPrefix("6 ") }
        #expect(recordLines.count == 2)
        #expect(recordLines.first?.contains("billing-explain→resolve") == true)
        #expect(recordLines.first?.hasSuffix("performer transfer-target") == true)
        #expect(recordLines.last?.contains("flow-sla") == true)

        let pnml = try await Self.flowmap(["audit", "net", "demo.phone", "--store", path, "--format", "pnml"])
        #expect(pnml.stdout.contains("<pnml"))
        #expect(pnml.stdout.contains("ask-&gt;resolve") || pnml.stdout.contains("ask->resolve"))
        let dot = try await Self.flowmap(["audit", "net", "demo.phone", "--store", path, "--format", "dot", "--version", Self.demoVersion])
        #expect(dot.stdout.hasPrefix("digraph \"demo.phone@\(Self.demoVersion)\""))
        #expect(dot.stdout.contains("\"t:ask->resolve\" [shape=box"))

        #expect(try bytes() == before)
    }

    @Test func badInputIsNamedOnStandardError() async throws {
        let path = try await ScanFixture.workedExampleStore()
        let missing = try ScanFixture.temporaryFolder().appendingPathComponent("none.sqlite").path
        let cases: [([String], String)] = [
            (["audit", "measure", "--store", missing], "error: no store at \(missing)"),
            (["audit", "traversals", "--store", path, "--flow", "nope"], "error: no flow 'nope' (known: check.phone"),
            (["audit", "measure", "--store", path, "--period", "2026-13"], "error: --period '2026-13' is not a day"),
            (["audit", "traversals", "--store", path, "--from", "2026-11-31"], "error: --from '2026-11-31' is not a date YYYY-MM-DD"),
            (["audit", "traversals", "--store", path, "--deviation", "late"], "error: --deviation 'late' is not one of override"),
            (["audit", "session", "S9", "--store", path], "error: no session 'S9' in the store"),
            (["audit", "net", "demo.phone", "--store", path, "--version", "zzzz"], "error: no version of demo.phone 'zzzz'"),
            (["audit", "measure", "--store", path, "--time-zone", "Mars/Olympus"], "error: --time-zone 'Mars/Olympus' is not an IANA time zone"),
        ]
        for (arguments, message) in cases {
            let output = try await Self.flowmap(arguments)
            #expect(output.status == 1, "\(arguments)")
            #expect(output.stderr.hasPrefix(message), "\(arguments): \(output.stderr)")
            #expect(output.stdout.isEmpty, "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
