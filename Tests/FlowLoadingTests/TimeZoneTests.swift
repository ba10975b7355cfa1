import FlowModel
import Foundation
import Testing

@testable import FlowLoading

/// The flow map's `time-zone` names the centre's zone; a name no zone has is an error at its place.
@Suite struct TimeZoneTests {
    static func load(timeZone line: String) throws -> (FlowMap?, [Diagnostic]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowmap-tz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("flowmap.yaml")
        try """
            \(line)
            channels:
              ivr: { code: V, name: 自助语音, capabilities: [voice-prompt, dtmf] }
            businesses:
              bill: { code: "101", category: inquiry, name: 话费查询 }
            matrix:
              bill:
                ivr: { not-offered: 暂不提供 }
            """.write(to: file, atomically: true, encoding: .utf8)
        let loaded = FlowFileLoader.loadFlowMap(path: file.path)
        return (loaded.value, loaded.diagnostics)
    }

    @Test(arguments: ["Asia/Shanghai", "UTC", "America/Argentina/Buenos_Aires"])
    func aKnownZoneIsKept(_ name: String) throws {
        let (map, diagnostics) = try Self.load(timeZone: "time-zone: \(name)")
        #expect(diagnostics.isEmpty)
        #expect(map?.timeZone == name)
    }

    @Test func anAbsentZoneMeansUTC() throws {
        let (map, diagnostics) = try Self.load(timeZone: "")
        #expect(diagnostics.isEmpty)
        #expect(map?.timeZone == nil)
    }

    @Test(arguments: ["Asia/Beijing", "GMT+8", "shanghai"])
    func anUnknownZoneIsAnErrorAtItsValue(_ name: String) throws {
        let (_, diagnostics) = try Self.load(timeZone: "time-zone: \(name)")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.rule == .invalidValue)
        #expect(diagnostic.location.line == 1 && diagnostic.location.column == 12)
        #expect(diagnostic.message == "time-zone '\(name)' is not an IANA time-zone name such as Asia/Shanghai or UTC")
    }
}
