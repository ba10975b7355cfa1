import FlowLoading
import Foundation

/// Diagnostics as a terminal shows them: `file:line:column: error: [FM201] message`.
enum DiagnosticText {
    static func render(_ diagnostic: Diagnostic, colour: Bool) -> String {
        guard colour else { return diagnostic.formatted }
        let severity: String
        switch diagnostic.severity {
        case .error: severity = "\u{1B}[1;31merror:\u{1B}[0m"
        case .warning: severity = "\u{1B}[1;35mwarning:\u{1B}[0m"
        case .note: severity = "\u{1B}[1;30mnote:\u{1B}[0m"
        }
        var text = "\u{1B}[1m\(diagnostic.location):\u{1B}[0m \(severity) [\(diagnostic.rule.code)] \(diagnostic.message)"
        for note in diagnostic.notes {
            text += "\n\u{1B}[1m\(note.location):\u{1B}[0m \u{1B}[1;30mnote:\u{1B}[0m \(note.message)"
        }
        return text
    }
}

/// Diagnostics as `--format json` gives them: a list of objects.
enum DiagnosticJSON {
    struct Entry: Encodable {
        struct Note: Encodable {
            var message: String
            var file: String
            var line: Int
            var column: Int
        }

        var severity: String
        var code: String
        var rule: String
        var message: String
        var file: String
        var line: Int
        var column: Int
        var notes: [Note]
    }

    static func encode(_ diagnostics: [Diagnostic]) throws -> String {
        let entries = diagnostics.map { diagnostic in
            Entry(
                severity: diagnostic.severity.rawValue, code: diagnostic.rule.code, rule: diagnostic.rule.name,
                message: diagnostic.message, file: diagnostic.location.file, line: diagnostic.location.line,
                column: diagnostic.location.column,
                notes: diagnostic.notes.map {
                    Entry.Note(message: $0.message, file: $0.location.file, line: $0.location.line, column: $0.location.column)
                })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(entries), as: UTF8.self)
    }
}
