import FlowAudit
import FlowConformance
import Foundation
import Testing

/// OCEL 2.0, CSV and JSON exports of the worked example (plus S6, an override with a
/// reason full of characters to escape), read back and compared with the log.
@Suite struct ExportRecordsTests {
    /// Records per session: S1 4, S2 3, S3 5, S4 6, S5 4, S6 3.
    static let recordCount = 25

    static func export(_ format: ExportFormat) async throws -> (data: Data, summary: ExportSummary) {
        let path = try await ExportFixture.store()
        let store = try AuditStore(path: path)
        let audit = try AuditCatalog(store: store)
        let scanner = LogScanner(store: store, audit: audit, selection: try Selection().resolved(in: audit))
        let file = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("export.\(format)").path
        let summary = try LogExport.run(format, scanner: scanner, to: try ExportOutput.file(file))
        return (try Data(contentsOf: URL(fileURLWithPath: file)), summary)
    }

    // MARK: OCEL 2.0

    @Test func theOCELLogDecodesWithEveryRecordAsAnEvent() async throws {
        let (data, summary) = try await Self.export(.ocel)
        let log = try JSONDecoder().decode(OCELLog.self, from: data)
        #expect(summary.events == Self.recordCount)
        #expect(log.events.count == Self.recordCount)
        let s1 = log.events.filter { $0.id.hasPrefix("S1#") }.map(\.type)
        #expect(s1 == ["->greet", "greet->ask", "ask->resolve", "resolve->done"])
        let s3 = log.events.filter { $0.id.hasPrefix("S3#") }.map(\.type)
        #expect(s3 == ["->greet", "greet->ask", "ask->ask", "ask: sla-expired", "ask->hung-up"])
        let s5 = log.events.filter { $0.id.hasPrefix("S5#") }.map(\.type)
        #expect(s5 == ["->greet", "greet->ask", "ask->transfer-billing", "transfer-billing->"])
        #expect(Set(log.eventTypes.map(\.name)) == Set(log.events.map(\.type)))
        #expect(log.objectTypes.map(\.name) == ["session", "journey", "agent", "org unit", "flow version"])
    }

    @Test func theOCELObjectsAreTheSessionsJourneysPeopleUnitsAndVersions() async throws {
        let log = try JSONDecoder().decode(OCELLog.self, from: try await Self.export(.ocel).data)
        let byType = Dictionary(grouping: log.objects, by: \.type).mapValues { $0.map(\.id).sorted() }
        #expect(byType["session"] == (1...6).map { "session:S\($0)" })
        #expect(byType["agent"] == ["agent:A1", "agent:A2", "agent:A3", "agent:A7", "agent:A9,x"])
        #expect(byType["org unit"] == ["unit:front-line"])
        #expect(byType["flow version"]?.count == 1)
        #expect(byType["flow version"]?.first?.hasPrefix("flow:demo.phone@") == true)
        #expect(byType["journey"]?.count == 6)
        // Every relationship names an object of the log.
        let ids = Set(log.objects.map(\.id))
        let named = log.events.flatMap(\.relationships).map(\.objectId) + log.objects.flatMap(\.relationships).map(\.objectId)
        #expect(named.allSatisfy { ids.contains($0) })
        // S4's record 5 was A7's, in front-line.
        let explain = try #require(log.events.first { $0.id == "S4#5" })
        #expect(explain.relationships.contains(OCELRelationship(objectId: "agent:A7", qualifier: "performed by")))
        #expect(explain.relationships.contains(OCELRelationship(objectId: "unit:front-line", qualifier: "org unit")))
        #expect(explain.relationships.contains(OCELRelationship(objectId: "session:S4", qualifier: "contact")))
        #expect(explain.time == "2026-11-02T09:06:10.000+00:00")
        let s2 = try #require(log.objects.first { $0.id == "session:S2" })
        #expect(s2.attributes.first { $0.name == "outcome" }?.value == .string("resolved"))
        #expect(s2.attributes.first { $0.name == "contact point" }?.value == .string("P901"))
        let override = try #require(log.events.first { $0.id == "S6#3" })
        #expect(override.attributes.first { $0.name == "reason" }?.value == .string(ExportFixture.awkwardReason))
    }

    // MARK: CSV

    /// RFC 4180 fields, read back.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\r\n" || character == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        return rows
    }

    @Test func theCSVHasOneRowPerRecordWithCommasAndQuotesEscaped() async throws {
        let (data, summary) = try await Self.export(.csv)
        let rows = Self.parseCSV(String(decoding: data, as: UTF8.self))
        #expect(summary.events == Self.recordCount)
        #expect(rows.count == 1 + Self.recordCount)
        let header = rows[0]
        #expect(rows.allSatisfy { $0.count == header.count })
        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
        let override = try #require(rows.first { $0[column("session")] == "S6" && $0[column("sequence")] == "3" })
        #expect(override[column("reason")] == ExportFixture.awkwardReason)
        #expect(override[column("actor")] == "A9,x")
        #expect(override[column("label")] == "ask->done")
        #expect(override[column("trigger")] == "override")
        let annotation = try #require(rows.first { $0[column("session")] == "S3" && $0[column("sequence")] == "4" })
        #expect(annotation[column("kind")] == "annotation")
        #expect(annotation[column("label")] == "")
        #expect(annotation[column("event")] == "sla-expired")
        #expect(annotation[column("left_at")] == "2026-11-02T09:01:00.000+00:00")
    }

    // MARK: JSON

    @Test func theJSONDecodesToTheSameRecordsAsTheCSV() async throws {
        // JSON Lines: one object per line.
        let lines = try await Self.export(.json).data.split(separator: 0x0A)
        let records = try lines.map { try JSONDecoder().decode(ExportedRecord.self, from: Data($0)) }
        #expect(records.count == Self.recordCount)
        let rows = Self.parseCSV(String(decoding: try await Self.export(.csv).data, as: UTF8.self))
        let header = rows[0]
        for (record, row) in zip(records, rows.dropFirst()) {
            let fields = Dictionary(uniqueKeysWithValues: zip(header, row))
            #expect(fields["session"] == record.session)
            #expect(fields["sequence"] == String(record.sequence))
            #expect(fields["label"] == (record.label ?? ""))
            #expect(fields["reason"] == (record.reason ?? ""))
            #expect(fields["left_at"] == record.leftAt)
        }
        let s4 = records.filter { $0.session == "S4" }
        #expect(s4.map(\.kind) == [.start, .move, .move, .move, .move, .move])
        #expect(s4.last?.outcome == "resolved")
        #expect(s4.map(\.durationMilliseconds) == [0, 0, 50_000, 150_000, 170_000, 0])
    }
}
