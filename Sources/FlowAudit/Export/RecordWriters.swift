import FlowConformance
import Foundation

/// CSV: a header line, then one line per record (every record of the session, at every
/// depth, annotations included), fields quoted as RFC 4180 says when they need it.
struct CSVWriter: LogWriter {
    let output: ExportOutput
    let catalog: NetCatalog
    private(set) var records = 0

    init(output: ExportOutput, catalog: NetCatalog) {
        self.output = output
        self.catalog = catalog
    }

    mutating func begin() throws {
        try output.write(ExportedRecord.csvHeader.joined(separator: ",") + "\r\n")
    }

    mutating func write(_ trace: SessionTrace) throws {
        var text = ""
        for index in trace.steps.indices {
            let record = ExportedRecord(trace, index: index, catalog: catalog)
            text += record.csvFields.map(Escaping.csv).joined(separator: ",")
            text += "\r\n"
            records += 1
        }
        try output.write(text)
    }

    mutating func finish() throws {}
}

/// JSON: an array of records, one object per record (the fields of `ExportedRecord`),
/// each encoded by `JSONEncoder`, written as they come.
struct JSONRecordWriter: LogWriter {
    let output: ExportOutput
    let catalog: NetCatalog
    private let encoder: JSONEncoder
    private(set) var records = 0

    init(output: ExportOutput, catalog: NetCatalog) {
        self.output = output
        self.catalog = catalog
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    mutating func begin() throws {
        try output.write("[")
    }

    mutating func write(_ trace: SessionTrace) throws {
        for index in trace.steps.indices {
            try output.write(records == 0 ? "\n" : ",\n")
            try output.write(bytes: try encoder.encode(ExportedRecord(trace, index: index, catalog: catalog)))
            records += 1
        }
    }

    mutating func finish() throws {
        try output.write(records == 0 ? "]\n" : "\n]\n")
    }
}
