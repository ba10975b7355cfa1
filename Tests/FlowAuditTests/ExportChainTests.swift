import FlowAudit
import FlowConformance
import FlowRuntime
import FlowmapTestSupport
import Foundation
import GRDB
import Testing

/// The CSV and JSON Lines exports carry every field of the traversal log and its hash
/// chain: an auditor re-verifies the chain from the export alone, recomputing each record's
/// hash as `RecordHashing` does and following each session's previous-hash links.
@Suite(.serialized) struct ExportChainTests {
    /// A simulated store's path and its two exports (CSV text, JSON lines).
    struct Exports: Sendable {
        var path: String
        var csv: String
        var jsonLines: Data
    }

    /// One simulated store (200 contacts, seed 7) and its two exports, made on first use.
    static let shared = MadeOnce {
        let path = try await ScanFixture.simulatedStore(contacts: 200, seed: 7)
        func export(_ format: ExportFormat) throws -> Data {
            let (store, audit) = try ScanFixture.audit(path)
            let scanner = LogScanner(store: store, audit: audit, selection: try Selection.all.resolved(in: audit))
            let file = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("log.\(format)").path
            _ = try LogExport.run(format, scanner: scanner, to: try ExportOutput.file(file))
            return try Data(contentsOf: URL(fileURLWithPath: file))
        }
        return Exports(path: path, csv: String(decoding: try export(.csv), as: UTF8.self), jsonLines: try export(.json))
    }

    /// The records of finished sessions in the store (the exports leave open ones out).
    static func finishedRecordCount(_ path: String) async throws -> Int {
        try await DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM traversal_log WHERE session_number IN
                  (SELECT session_number FROM traversal_log WHERE depth = 0 AND outcome IS NOT NULL)
                """)!
        }
    }

    /// Milliseconds since 1970 of an export's time, `2026-11-02T09:00:40.000+00:00`.
    static func milliseconds(_ iso: String) throws -> Int64 {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try #require(formatter.date(from: iso), "\(iso)")
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The stored text of a changes object (`{"a":"1","b":"***"}` -> `a=1; b=***`): its
    /// members in the order they are written, which Foundation's parser does not keep, so
    /// the order is read from where each member's key stands in the text.
    static func changesText(_ json: String) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        let ordered = object.keys.sorted { lhs, rhs in
            json.range(of: "\"\(lhs)\":")!.lowerBound < json.range(of: "\"\(rhs)\":")!.lowerBound
        }
        return ordered.map { "\($0)=\(object[$0]!)" }.joined(separator: "; ")
    }

    /// A log record from one CSV row (an empty field is an absent one).
    static func record(_ fields: [String: String]) throws -> LogRecord {
        func text(_ name: String) -> String? { fields[name].flatMap { $0.isEmpty ? nil : $0 } }
        let object: [String: Any?] = [
            "session": fields["session"], "sequence": Int64(fields["sequence"] ?? ""), "journey": fields["journey"],
            "contactPoint": fields["contact_point"], "flow": fields["flow"], "version": fields["version"],
            "depth": Int(fields["depth"] ?? ""), "from": text("from"), "to": text("to"), "trigger": fields["trigger"],
            "event": text("event"), "guardText": text("guard"), "origin": text("origin"), "reason": text("reason"),
            "actor": text("actor"), "role": text("role"), "orgUnit": text("org_unit"), "channel": fields["channel"],
            "enteredAt": try milliseconds(fields["entered_at"] ?? ""), "leftAt": try milliseconds(fields["left_at"] ?? ""),
            "outcome": text("outcome"), "changes": try changesText(fields["changes"] ?? "{}"), "note": text("note"),
            "previousHash": fields["previous_hash"], "hash": fields["hash"],
        ]
        let json = try JSONSerialization.data(withJSONObject: object.compactMapValues { $0 })
        return try JSONDecoder().decode(LogRecord.self, from: json)
    }

    /// Recomputes every record's hash and follows every session's links; the problems found.
    static func verify(_ records: [LogRecord]) -> [String] {
        var problems: [String] = []
        var last: [String: (sequence: Int64, hash: String)] = [:]
        for record in records.sorted(by: { ($0.session, $0.sequence) < ($1.session, $1.sequence) }) {
            let where_ = "\(record.session)#\(record.sequence)"
            let before = last[record.session] ?? (0, RecordHashing.genesis)
            if record.sequence != before.sequence + 1 { problems.append("\(where_): follows \(before.sequence)") }
            if record.previousHash != before.hash { problems.append("\(where_): previous hash is not the record before's") }
            if RecordHashing.hash(record, previous: record.previousHash) != record.hash { problems.append("\(where_): hash") }
            last[record.session] = (record.sequence, record.hash)
        }
        return problems
    }

    static func csvRecords(_ csv: String) throws -> (header: [String], rows: [[String]], records: [LogRecord]) {
        let rows = ExportRecordsTests.parseCSV(csv)
        let header = try #require(rows.first)
        let body = Array(rows.dropFirst())
        return (header, body, try body.map { try record(Dictionary(uniqueKeysWithValues: zip(header, $0))) })
    }

    @Test func theCSVHasTheDocumentedColumns() async throws {
        let csv = try await Self.shared.value().csv
        let header = ExportRecordsTests.parseCSV(csv).first
        #expect(header == [
            "session", "sequence", "journey", "contact_point", "channel", "flow", "version", "depth", "kind", "from", "to",
            "label", "trigger", "event", "guard", "origin", "reason", "actor", "role", "org_unit", "entered_at", "left_at",
            "duration_ms", "outcome", "changes", "note", "previous_hash", "hash",
        ])
    }

    @Test func theChainReVerifiesFromTheCSVAlone() async throws {
        let exports = try await Self.shared.value()
        let (path, csv) = (exports.path, exports.csv)
        let (_, rows, records) = try Self.csvRecords(csv)
        #expect(rows.count == (try await Self.finishedRecordCount(path)))
        #expect(records.count > 1000)
        #expect(Self.verify(records) == [])
        // The export shows what the chain covers: changes (masked values as stored, several
        // in one step), guards and transition origins.
        #expect(records.contains { $0.changes.contains("=***") })
        #expect(records.contains { $0.changes.contains("; ") })
        #expect(records.contains { $0.guardText != nil })
        #expect(records.contains { $0.origin?.hasPrefix("handlers[") == true })
        #expect(records.allSatisfy { $0.hash.count == 64 && $0.previousHash.count == 64 })
    }

    @Test func aChangedFieldOrAMissingRecordBreaksTheChainInTheExport() async throws {
        let csv = try await Self.shared.value().csv
        let records = try Self.csvRecords(csv).records
        // A record with changes, inside its session (neither its first nor its last).
        let index = try #require(records.indices.dropLast().first {
            records[$0].changes.contains("=") && records[$0].sequence > 1 && records[$0 + 1].session == records[$0].session
        })
        var changed = records
        changed[index].changes = changed[index].changes.replacingOccurrences(of: "=", with: "=1")
        #expect(Self.verify(changed) == ["\(records[index].session)#\(records[index].sequence): hash"])
        var missing = records
        missing.remove(at: index)
        let after = "\(records[index].session)#\(records[index].sequence + 1)"
        #expect(Self.verify(missing) == ["\(after): follows \(records[index].sequence - 1)", "\(after): previous hash is not the record before's"])
    }

    @Test func everyJSONLineIsOneRecordWithTheCSVsFields() async throws {
        let exports = try await Self.shared.value()
        let (csv, jsonLines) = (exports.csv, exports.jsonLines)
        let lines = jsonLines.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(lines.last?.isEmpty == true)
        let objects = try lines.dropLast().map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        }
        let (_, rows, records) = try Self.csvRecords(csv)
        #expect(objects.count == rows.count)
        for (object, record) in zip(objects, records) {
            #expect(object["session"] as? String == record.session)
            #expect((object["sequence"] as? NSNumber)?.int64Value == record.sequence)
            #expect(object["guard"] as? String == record.guardText)
            #expect(object["origin"] as? String == record.origin)
            #expect(object["note"] as? String == record.note)
            #expect(object["hash"] as? String == record.hash)
            #expect(object["previousHash"] as? String == record.previousHash)
            let changes = try #require(object["changes"] as? [String: String])
            #expect(changes.count == RecordChanges(text: record.changes).entries.count)
        }
        // Typed, through Codable.
        let decoded = try lines.dropLast().map { try JSONDecoder().decode(ExportedRecord.self, from: Data($0)) }
        #expect(zip(decoded, records).allSatisfy { $0.hash == $1.hash && $0.changes?.text.count == $1.changes.count })
    }

    @Test func changesReadBackAsTheStoredTextByteForByte() {
        for text in ["", "a=1", "attempts=2; msisdn=***", "note=x; y; amount=3", "expr=a=b; z=***"] {
            #expect(RecordChanges(text: text).text == text)
        }
        let changes = RecordChanges(text: "zeta=1; alpha=\"q\"; msisdn=***")
        #expect(changes.json == #"{"zeta":"1","alpha":"\"q\"","msisdn":"***"}"#)
    }
}
