import FlowAudit
import Foundation
import Testing

/// An export stopped from outside (the service's client went away): it writes no session
/// after the stop, its scan ends, and no file is left, neither the target nor its partial
/// file. Over the simulated traffic of `ScanSimulatedStoreTests`.
@Suite struct ExportStopTests {
    /// Stops an export once it has written `after` sessions.
    final class StopAfter: @unchecked Sendable {
        let after: Int
        var progress: ExportProgress?
        private var seen = 0

        init(after: Int) { self.after = after }

        // Called on the export's thread only.
        func session() {
            seen += 1
            if seen == after { progress?.stop() }
        }
    }

    @Test(arguments: ExportFormat.allCases)
    func aStoppedExportLeavesNoFile(format: ExportFormat) async throws {
        let (store, audit) = try ScanFixture.audit(try await ScanSimulatedStoreTests.shared.value())
        let folder = try ScanFixture.temporaryFolder()
        let target = folder.appendingPathComponent("log.\(format.rawValue)").path
        let stopper = StopAfter(after: 10)
        let progress = ExportProgress { stopper.session() }
        stopper.progress = progress
        let scanner = LogScanner(
            store: store, audit: audit, selection: try Selection.all.resolved(in: audit), batchSize: 4, readers: 2, chunkRows: 200
        )
        #expect(throws: ExportError.stopped(sessions: 10)) {
            try LogExport.run(format, scanner: scanner, to: try ExportOutput.file(target), progress: progress)
        }
        #expect(progress.isStopped)
        #expect(progress.sessionsWritten == 10)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])

        // Not stopped: the whole export, in place, with every finished session.
        let whole = ExportProgress()
        let summary = try LogExport.run(format, scanner: scanner, to: try ExportOutput.file(target), progress: whole)
        #expect(whole.sessionsWritten == summary.sessions)
        #expect(summary.sessions > 300)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["log.\(format.rawValue)"])
    }
}
