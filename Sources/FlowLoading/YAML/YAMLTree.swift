import FlowModel

/// A YAML document as a generic tree with the place of every node: for tools that read
/// YAML files of their own (scenario files for `flowmap test`) with the same parser,
/// limits and positions as flow files.
///
/// Plain scalars are typed by the YAML 1.2 core schema, as flow files are; a scalar
/// also keeps its text as written, so `input: 0123` can be read as the text `0123`.
///
/// ```swift
/// switch YAMLTree.read(path: "Flows/bill.scenario.yaml") {
/// case .success(let root): print(root["scenarios"]?.location ?? root.location)
/// case .failure(let error): print(error)   // file:line:column: error: ...
/// }
/// ```
public struct YAMLTree: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case null
        case bool(Bool)
        case int(Int64)
        case float(Double)
        case string(String)
        /// Pairs in file order; keys are unique (a repeated key is a read error).
        case mapping([Entry])
        case sequence([YAMLTree])
    }

    /// One pair of a mapping.
    public struct Entry: Sendable, Hashable {
        public var key: YAMLTree
        public var value: YAMLTree
    }

    public var content: Content
    /// A scalar's text as written, without quotes; empty for collections.
    public var text: String
    /// Whether a scalar was quoted or a block scalar (so it is text whatever it reads like).
    public var isQuoted: Bool
    public var location: SourceLocation

    /// A problem that stopped the file from being read as one YAML document.
    public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
        /// A related place: where a repeated key was first written.
        public struct Note: Sendable, Hashable {
            public var message: String
            public var location: SourceLocation
        }

        public var message: String
        public var location: SourceLocation
        public var note: Note?

        public init(_ message: String, at location: SourceLocation, note: Note? = nil) {
            self.message = message
            self.location = location
            self.note = note
        }

        /// `file:line:column: error: message`, then the note's line when there is one.
        public var description: String {
            var text = "\(location): error: \(message)"
            if let note { text += "\n\(note.location): note: \(note.message)" }
            return text
        }
    }

    /// Reads the single YAML document of the file at `path`.
    public static func read(path: String) -> Result<YAMLTree, ReadError> {
        let source: SourceFile
        do {
            source = try SourceFile.read(path: path)
        } catch {
            switch error {
            case .unreadable(let reason):
                return .failure(ReadError("cannot read the file: \(reason)", at: .start(of: path)))
            case .tooLarge(let size):
                return .failure(ReadError(
                    "the file is \(size.formattedBytes); it may be at most \(SourceFile.maximumSize.formattedBytes)",
                    at: .start(of: path)))
            case .invalidUTF8(let line, let column, let byte):
                return .failure(ReadError(
                    "the file is not valid UTF-8: byte 0x\(String(byte, radix: 16, uppercase: true)) cannot start or continue a character; save the file as UTF-8",
                    at: SourceLocation(file: path, line: line, column: column)))
            }
        }
        return parse(source)
    }

    /// Reads YAML text that is not on disk, as if it were the file at `path`.
    public static func parse(text: String, path: String) -> Result<YAMLTree, ReadError> {
        parse(SourceFile(path: path, text: text))
    }

    private static func parse(_ source: SourceFile) -> Result<YAMLTree, ReadError> {
        switch YAMLComposer().compose(source.bytes) {
        case .failure(let failure):
            let location = SourceLocation(file: source.path, line: failure.line, column: failure.column)
            let message = failure.kind == .secondDocument
                ? "a second YAML document begins here; a file holds one document" : failure.message
            return .failure(ReadError(message, at: location))
        case .success(let root):
            return convert(root, file: source.path)
        }
    }

    private static func convert(_ node: YAMLNode, file: String) -> Result<YAMLTree, ReadError> {
        let location = SourceLocation(file: file, line: Int(node.line), column: Int(node.column))
        switch node.kind {
        case .scalar:
            let content: Content =
                switch ScalarResolution.of(node) {
                case .null: .null
                case .bool(let flag): .bool(flag)
                case .int(let integer): .int(integer)
                case .float(let number): .float(number)
                case .string: .string(node.text)
                }
            return .success(YAMLTree(content: content, text: node.text, isQuoted: node.style != .plain, location: location))
        case .sequence:
            var items: [YAMLTree] = []
            for child in node.children {
                switch convert(child, file: file) {
                case .success(let item): items.append(item)
                case .failure(let error): return .failure(error)
                }
            }
            return .success(YAMLTree(content: .sequence(items), text: "", isQuoted: false, location: location))
        case .mapping:
            if let duplicate = node.duplicates.first {
                let first = SourceLocation(file: file, line: Int(duplicate.first.line), column: Int(duplicate.first.column))
                return .failure(ReadError(
                    "the key '\(duplicate.key.text)' appears twice in this mapping",
                    at: SourceLocation(file: file, line: Int(duplicate.key.line), column: Int(duplicate.key.column)),
                    note: ReadError.Note(message: "first written here", location: first)))
            }
            var entries: [Entry] = []
            for (key, value) in node.pairs {
                let convertedKey: YAMLTree
                let convertedValue: YAMLTree
                switch convert(key, file: file) {
                case .success(let tree): convertedKey = tree
                case .failure(let error): return .failure(error)
                }
                switch convert(value, file: file) {
                case .success(let tree): convertedValue = tree
                case .failure(let error): return .failure(error)
                }
                entries.append(Entry(key: convertedKey, value: convertedValue))
            }
            return .success(YAMLTree(content: .mapping(entries), text: "", isQuoted: false, location: location))
        }
    }

    /// The value of a text key of a mapping; nil for other nodes.
    public subscript(key: String) -> YAMLTree? {
        guard case .mapping(let entries) = content else { return nil }
        return entries.first { $0.key.isScalar && $0.key.text == key }?.value
    }

    public var isScalar: Bool {
        switch content {
        case .mapping, .sequence: false
        default: true
        }
    }

    public var isNull: Bool { content == .null }

    /// What the node is, in words, for "expected X, found Y" messages.
    public var kindDescription: String {
        switch content {
        case .null: "nothing (an empty value)"
        case .bool: "a boolean (\(text))"
        case .int, .float: "a number (\(text))"
        case .string: "text"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}
