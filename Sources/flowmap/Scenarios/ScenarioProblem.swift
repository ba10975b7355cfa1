import FlowLoading
import FlowModel

/// A problem in a scenario file, compiler style like lint's:
/// `Flows/bill.scenario.yaml:12:7: error: ...`, with an optional note line.
struct ScenarioProblem: Error, Sendable, Hashable, Comparable {
    var message: String
    var location: SourceLocation
    var note: Note?

    struct Note: Sendable, Hashable {
        var message: String
        var location: SourceLocation
    }

    init(_ message: String, at location: SourceLocation, note: Note? = nil) {
        self.message = message
        self.location = location
        self.note = note
    }

    init(_ error: YAMLTree.ReadError) {
        self.init(error.message, at: error.location, note: error.note.map { Note(message: $0.message, location: $0.location) })
    }

    var formatted: String {
        var text = "\(location): error: \(message)"
        if let note { text += "\n\(note.location): note: \(note.message)" }
        return text
    }

    /// The same problem with terminal colours, as lint prints them.
    func rendered(colour: Bool) -> String {
        guard colour else { return formatted }
        var text = "\u{1B}[1m\(location):\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m \(message)"
        if let note { text += "\n\u{1B}[1m\(note.location):\u{1B}[0m \u{1B}[1;30mnote:\u{1B}[0m \(note.message)" }
        return text
    }

    static func < (lhs: ScenarioProblem, rhs: ScenarioProblem) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        return lhs.message < rhs.message
    }
}
