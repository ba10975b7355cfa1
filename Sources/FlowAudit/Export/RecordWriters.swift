import FlowConformance
import Foundation

/// CSV: a header line, then one line per record (every record of the session, at every
/// depth, annotations included) with every field of the log, fields quoted as RFC 4180
/// says when they need it; the variable changes as a JSON object in one field.
struct CSVWriter: LogWriter {
    let output: ExportOutput
    let stored: StoredRecords
    private(set) var records = 0

    init(output: ExportOutput, stored: StoredRecords) {
        self.output = output
        self.stored = stored
    }

    mutating func begin() throws {
        try output.write(ExportedRecord.csvHeader.joined(separator: ",") + "\r\n")
    }

    mutating func write(_ trace: SessionTrace) throws {
        var text = ""
        for (record, step) in zip(try stored.records(of: trace), trace.steps) {
            text += ExportedRecord(record, kind: ExportedRecord.kind(of: step)).csvFields.map(Escaping.csv).joined(separator: ",")
            text += "\r\n"
            records += 1
        }
        try output.write(text)
    }

    mutating func finish() throws {}
}

/// JSON Lines (jsonlines.org): one object per record, one record per line, every field
/// of the log (`ExportedRecord.jsonLine`), so a reader can stream a log of any size.
struct JSONRecordWriter: LogWriter {
    let output: ExportOutput
    let stored: StoredRecords
    private(set) var records = 0

    init(output: ExportOutput, stored: StoredRecords) {
        self.output = output
        self.stored = stored
    }

    mutating func begin() throws {}

    mutating func write(_ trace: SessionTrace) throws {
        var text = ""
        for (record, step) in zip(try stored.records(of: trace), trace.steps) {
            text += ExportedRecord(record, kind: ExportedRecord.kind(of: step)).jsonLine
            text += "\n"
            records += 1
        }
        try output.write(text)
    }

    mutating func finish() throws {}
}
