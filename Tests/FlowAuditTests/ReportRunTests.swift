import FlowAudit
import FlowConformance
import Foundation
import Testing

/// `audit report`'s work over a real store: the worked example committed to SQLite, QA
/// verdicts in the QA store beside it, the report written under a temporary root.
@Suite struct ReportRunTests {
    /// The example's store with S1 passed and S3 failed by QA.
    static func inspectedStore() async throws -> String {
        let path = try await ScanFixture.workedExampleStore(withOpenSession: true)
        let qa = try QAStore(path: QAStore.path(besideStore: path))
        _ = try qa.record(NewInspection(session: "S1", verdict: .pass, inspector: "Q1", inspectedAt: ScanFixture.startTime + 86_400_000))
        _ = try qa.record(NewInspection(
            session: "S3", verdict: .fail, reason: "no-callback-offered", inspector: "Q1", inspectedAt: ScanFixture.startTime + 86_400_000))
        return path
    }

    static func checksum(_ path: String) throws -> Data {
        var bytes = Data()
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: path + suffix)))
        }
        return bytes
    }

    @Test func theMonthOfTheStoreIsMeasuredAndWrittenWithItsExampleSessions() async throws {
        let path = try await Self.inspectedStore()
        let before = try Self.checksum(path)
        let (store, audit) = try ScanFixture.audit(path)
        let output = try ReportFixture.temporaryFolder().appendingPathComponent("reports").path
        let run = MonthlyReportRun(store: store, audit: audit, month: Month(year: 2026, month: 11), output: output, minSessions: 5)
        let written = try run.write()

        #expect(written.folder.path == output + "/2026-11")
        // S6 is still open: not measured.
        let m = written.figures.headline.measures
        #expect(m.sessions == 5)
        #expect(m.complianceRate == 0.2)
        #expect(m.fieldUseRate == 0.5)
        #expect(written.figures.headline.agreement?.kappa == 0)
        #expect(written.figures.worstContactPoints == ["P901"])
        #expect(written.examplePages == 4)  // S2, S5, S3 and S4 have findings; S1 none.
        let pages = try FileManager.default.contentsOfDirectory(atPath: written.folder.appendingPathComponent("sessions").path).sorted()
        #expect(pages == ["S2.html", "S3.html", "S4.html", "S5.html"])
        // The QA verdict reaches the session's page.
        let s3 = try ReportFixture.text(written.folder.appendingPathComponent("sessions/S3.html"))
        #expect(s3.contains("<tr><th>inspection 质检</th><td>fail</td></tr>"))
        // The store is read, never changed.
        #expect(try Self.checksum(path) == before)
    }

    @Test func aMonthWithoutSessionsStillHasAReport() async throws {
        let path = try await ScanFixture.workedExampleStore()
        let (store, audit) = try ScanFixture.audit(path)
        let output = try ReportFixture.temporaryFolder().path
        let written = try MonthlyReportRun(store: store, audit: audit, month: Month(year: 2026, month: 12), output: output).write()
        #expect(written.figures.headline.measures.sessions == 0)
        #expect(written.figures.headline.measures.complianceRate == nil)
        #expect(written.figures.days.count == 31)
        #expect(written.examplePages == 0)
        #expect(written.figures.coverage.contactPointsWithoutSessions == ["P901", "P902", "P903", "V901"])
        let html = try ReportFixture.text(written.folder.appendingPathComponent("index.html"))
        #expect(html.contains(#"<div class="value">–</div>"#))
    }
}
