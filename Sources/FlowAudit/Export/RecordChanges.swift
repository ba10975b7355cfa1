/// A record's variable changes as the exports show them: `name → value` in the order the
/// step made them, a masked value as the log stores it (`***`).
///
/// The log keeps them as one text, `name=value; name=***` (`VariableChange.text` joined by
/// `; `), and the hash chain covers that text; `text` rebuilds it byte for byte from the
/// entries, so an auditor can recompute a record's hash from an export.
///
/// ```swift
/// let changes = RecordChanges(text: "attempts=2; msisdn=***")
/// changes.entries.map(\.name)   // ["attempts", "msisdn"]
/// changes.text                  // "attempts=2; msisdn=***"
/// ```
///
/// As JSON it is an object, one member per change, in the step's order (CSV and JSON Lines
/// write it in that order; a name changed twice in one step appears twice). Foundation's
/// `JSONDecoder` does not keep members' order: decoded through `Codable`, the entries come
/// back sorted by name.
public struct RecordChanges: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// The changes of a stored text. Split at `; `, each part at its first `=`; a part with
    /// no `=` belongs to the value before it (a value that held `; `), so that `text` gives
    /// back the stored text exactly.
    public init(text: String) {
        entries = []
        guard !text.isEmpty else { return }
        for part in text.split(separator: "; ", omittingEmptySubsequences: false) {
            if let equals = part.firstIndex(of: "=") {
                entries.append(Entry(name: String(part[..<equals]), value: String(part[part.index(after: equals)...])))
            } else if !entries.isEmpty {
                entries[entries.count - 1].value += "; " + part
            } else {
                entries.append(Entry(name: String(part), value: ""))
            }
        }
    }

    /// The text the log stores and the hash covers: `name=value` joined by `; `.
    ///
    /// (A stored part without `=` at the very start, which the runtime never writes, reads
    /// back as `part=`.)
    public var text: String {
        entries.map { $0.name + "=" + $0.value }.joined(separator: "; ")
    }

    /// The JSON object, members in order.
    public var json: String {
        var result = "{"
        for (index, entry) in entries.enumerated() {
            if index > 0 { result += "," }
            result += Escaping.json(entry.name) + ":" + Escaping.json(entry.value)
        }
        return result + "}"
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        entries = try container.allKeys.sorted { $0.stringValue < $1.stringValue }.map {
            Entry(name: $0.stringValue, value: try container.decode(String.self, forKey: $0))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for entry in entries { try container.encode(entry.value, forKey: Key(stringValue: entry.name)) }
    }
}
