import FlowModel

/// Reads one file into a flow or a flow map, with every problem found on the way.
enum FlowFileLoader {
    struct Loaded<Value: Sendable>: Sendable {
        var value: Value?
        var diagnostics: [Diagnostic]
    }

    static func loadFlow(path: String) -> Loaded<Flow> {
        load(path: path) { FlowDecoder(context: $1).decode($0) }
    }

    static func loadFlowMap(path: String) -> Loaded<FlowMap> {
        load(path: path) { FlowMapDecoder(context: $1).decode($0) }
    }

    static func loadFlow(path: String, text: String) -> Loaded<Flow> {
        load(source: SourceFile(path: path, text: text)) { FlowDecoder(context: $1).decode($0) }
    }

    static func loadFlowMap(path: String, text: String) -> Loaded<FlowMap> {
        load(source: SourceFile(path: path, text: text)) { FlowMapDecoder(context: $1).decode($0) }
    }

    private static func load<Value>(path: String, decode: (YAMLNode, DecodeContext) -> Value?) -> Loaded<Value> {
        let source: SourceFile
        do {
            source = try SourceFile.read(path: path)
        } catch {
            let start = SourceLocation.start(of: path)
            let diagnostic: Diagnostic
            switch error {
            case .unreadable(let reason):
                diagnostic = Diagnostic(.unreadableFile, "cannot read the file: \(reason)", at: start)
            case .tooLarge(let size):
                diagnostic = Diagnostic(
                    .fileTooLarge,
                    "the file is \(size.formattedBytes); flow files may be at most \(SourceFile.maximumSize.formattedBytes)",
                    at: start)
            case .invalidUTF8(let line, let column, let byte):
                diagnostic = Diagnostic(
                    .invalidUTF8,
                    "the file is not valid UTF-8: byte 0x\(String(byte, radix: 16, uppercase: true)) cannot start or continue a character; save the file as UTF-8",
                    at: SourceLocation(file: path, line: line, column: column))
            }
            return Loaded(value: nil, diagnostics: [diagnostic])
        }
        return load(source: source, decode: decode)
    }

    private static func load<Value>(source: SourceFile, decode: (YAMLNode, DecodeContext) -> Value?) -> Loaded<Value> {
        let context = DecodeContext(file: source.path)
        switch YAMLComposer().compose(source.bytes) {
        case .failure(let failure):
            let rule: LintRule =
                switch failure.kind {
                case .syntax: .yamlSyntax
                case .nestingTooDeep: .nestingTooDeep
                case .aliasBudget: .aliasExpansion
                case .secondDocument, .empty: .documentShape
                }
            let location = SourceLocation(file: source.path, line: failure.line, column: failure.column)
            return Loaded(value: nil, diagnostics: [Diagnostic(rule, failure.message, at: location)])
        case .success(let root):
            let value = decode(root, context)
            return Loaded(value: value, diagnostics: context.diagnostics)
        }
    }
}

extension Int {
    /// `512 bytes`, `3.2 KiB`, `12.0 MiB`.
    var formattedBytes: String {
        if self < 1024 { return "\(self) bytes" }
        if self < 1024 * 1024 { return "\(Double(self / 102) / 10) KiB" }
        return "\(Double(self / (1024 * 102)) / 10) MiB"
    }
}
