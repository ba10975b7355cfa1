import FlowExpression
import FlowModel
import Foundation

/// Turns the YAML tree of one flow file into a `Flow`, reporting every problem on the way.
///
/// Variables are decoded first, whatever their place in the file, because every
/// expression and template is checked against them; state names are collected before any
/// state is decoded, so targets resolve to indexes in one pass.
struct FlowDecoder {
    let context: DecodeContext

    static let topLevelKeys = [
        "id", "version", "title", "business", "channel", "category", "owner", "sla", "timeout", "mode",
        "description", "variables", "start", "handlers", "states",
    ]

    func decode(_ root: YAMLNode) -> Flow? {
        guard root.kind == .mapping else {
            context.report(.documentShape, "a flow file must be a mapping of flow keys, found \(root.kindDescription)", at: root)
            return nil
        }
        var reader = MappingReader(root, "the flow", context)
        let id = reader.require("id").flatMap { context.identifier($0, "flow id") }
        let version = reader.require("version").flatMap { context.nonEmptyText($0, "version") }
        let title = reader.require("title").flatMap { context.localizedText($0, "title") }
        let business = reader.require("business").flatMap { context.nameRef($0, "business") }
        let channel = reader.require("channel").flatMap { context.nameRef($0, "channel") }
        let category = reader.require("category").flatMap { context.choice($0, "category", as: FlowCategory.self) }
        let owner = reader.require("owner").flatMap { context.nameRef($0, "owner") }
        let sla = reader.require("sla").flatMap { context.duration($0, "sla") }
        let timeout = reader.take("timeout").flatMap { context.duration($0, "timeout") }
        let mode = reader.take("mode").flatMap { context.choice($0, "mode", as: InteractionMode.self) }
        let description = reader.take("description").flatMap { context.text($0, "description") }
        let variables = reader.take("variables").map { VariableDecoder(context: context).decode($0) } ?? []
        let startNode = reader.require("start")
        let handlersNode = reader.take("handlers")
        let statesNode = reader.require("states")
        reader.finish(allowed: Self.topLevelKeys)

        let compiler = ExpressionCompiler(scope: FlowScope.scope(for: variables), context: context)
        let entries = statesNode.map { stateEntries($0) } ?? []
        var stateIndex: [String: Int] = [:]
        for (offset, entry) in entries.enumerated() { stateIndex[entry.name] = offset }
        let decoder = StateDecoder(
            context: context, compiler: compiler, stateIndex: stateIndex, variables: variables,
            templates: TemplateChecker(variables: variables))
        let states = entries.map { decoder.decode(id: $0.name, key: $0.key, node: $0.value) }
        let start = startNode.flatMap { decoder.stateRef($0, "start") }
        let handlers = handlersNode.map { decoder.handlers($0) } ?? []

        var undecoded: Set<String> = []
        func placeholder<T>(_ value: T?, _ key: String, _ fallback: T) -> T {
            if value == nil { undecoded.insert(key) }
            return value ?? fallback
        }
        let unnamed = NameRef(name: "", location: context.location(root))
        let fileStem = String(context.file.split(separator: "/").last ?? "flow")
        var flow = Flow(
            id: placeholder(id, "id", fileStem), version: placeholder(version, "version", ""),
            title: placeholder(title, "title", LocalizedText()), business: placeholder(business, "business", unnamed),
            channel: placeholder(channel, "channel", unnamed), category: placeholder(category, "category", .inquiry),
            owner: placeholder(owner, "owner", unnamed), sla: sla, timeout: timeout, mode: mode,
            description: description, variables: variables,
            start: placeholder(start, "start", StateRef(name: "", location: context.location(root))),
            states: states.compactMap { $0 }, handlers: handlers, file: context.file,
            location: context.location(root.value(forKey: "id") ?? root))
        if statesNode == nil { undecoded.insert("states") }
        flow.undecodedKeys = undecoded
        return flow
    }

    /// The `states:` mapping's entries; a repeated id is a duplicate state.
    private func stateEntries(_ node: YAMLNode) -> [(name: String, key: YAMLNode, value: YAMLNode)] {
        let entries = context.namedEntries(node, "states", duplicateRule: .duplicateState)
        if node.kind == .mapping, entries.isEmpty, node.pairs.isEmpty {
            context.report(.missingKey, "a flow needs at least one state", at: node)
        }
        return entries
    }
}

/// Decodes `variables:`: `name: type` or `name: { type, default, pii, description, max-length }`.
struct VariableDecoder {
    let context: DecodeContext

    static let keys = ["type", "default", "pii", "description", "max-length", "of", "fields"]
    static let typeNames = ["string", "int", "decimal", "bool", "list", "record"]

    func decode(_ node: YAMLNode) -> [VariableDeclaration] {
        context.namedEntries(node, "variables", keyStyle: .variable).compactMap { name, key, value in
            if FlowScope.builtinNames.contains(name) {
                context.report(.invalidValue, "'\(name)' is a built-in name and cannot be declared as a variable", at: key)
                return nil
            }
            return declaration(name: name, key: key, node: value)
        }
    }

    private func declaration(name: String, key: YAMLNode, node: YAMLNode) -> VariableDeclaration? {
        let what = "variable '\(name)'"
        if node.kind == .scalar {
            guard let type = type(node, node, what) else { return nil }
            return VariableDeclaration(name: name, type: type, location: context.location(key))
        }
        guard context.mapping(node, what) != nil else { return nil }
        var reader = MappingReader(node, what, context)
        let type = reader.require("type").flatMap { self.type($0, node, what) }
        let ofNode = reader.take("of")
        let fieldsNode = reader.take("fields")
        if let ofNode, let type, !Self.isList(type) {
            context.report(.unknownKey, "\(what) cannot have 'of': only list variables name an element type", at: ofNode)
        }
        if let fieldsNode, let type, !Self.isRecord(type) {
            context.report(.unknownKey, "\(what) cannot have 'fields': only record variables have fields", at: fieldsNode)
        }
        let defaultNode = reader.take("default")
        let pii = reader.take("pii").flatMap { context.bool($0, "\(what) pii") } ?? false
        let description = reader.take("description").flatMap { context.text($0, "\(what) description") }
        let maxLength = reader.take("max-length").flatMap { context.integer($0, "\(what) max-length", range: 1...10_000) }
        reader.finish(allowed: Self.keys)
        guard let type else { return nil }
        let defaultValue = defaultNode.flatMap { value($0, of: type, "\(what) default") }
        return VariableDeclaration(
            name: name, type: type, defaultValue: defaultValue, pii: pii, description: description,
            maxLength: maxLength, location: context.location(key))
    }

    private static func isList(_ type: ExpressionType) -> Bool {
        if case .list = type { return true }
        return false
    }

    private static func isRecord(_ type: ExpressionType) -> Bool {
        if case .record = type { return true }
        return false
    }

    /// A type name, with `of:` for lists and `fields:` for records read from `owner`.
    private func type(_ node: YAMLNode, _ owner: YAMLNode, _ what: String) -> ExpressionType? {
        guard let name = context.choiceName(node, "\(what) type", among: Self.typeNames) else { return nil }
        switch name {
        case "string": return .string
        case "int": return .int
        case "decimal": return .decimal
        case "bool": return .bool
        case "list":
            guard owner.kind == .mapping, let of = owner.value(forKey: "of") else {
                context.report(.missingKey, "\(what) is a list and needs 'of:' naming its element type", at: node)
                return nil
            }
            return self.type(of, of, "\(what) element").map { .list($0) }
        default:
            guard owner.kind == .mapping, let fieldsNode = owner.value(forKey: "fields") else {
                context.report(.missingKey, "\(what) is a record and needs 'fields:' naming its fields and their types", at: node)
                return nil
            }
            let fields = context.namedEntries(fieldsNode, "fields of \(what)", keyStyle: .variable).compactMap {
                name, _, value -> RecordField? in
                let fieldWhat = "field '\(name)' of \(what)"
                guard value.kind == .mapping else {
                    return self.type(value, value, fieldWhat).map { RecordField(name: name, type: $0) }
                }
                var reader = MappingReader(value, fieldWhat, context)
                let typeNode = reader.require("type")
                _ = reader.take("of")
                _ = reader.take("fields")
                reader.finish(allowed: ["type", "of", "fields"])
                return typeNode.flatMap { self.type($0, value, fieldWhat) }.map { RecordField(name: name, type: $0) }
            }
            return .record(RecordType(name: owner.isMapping ? variableName(of: what) : what, fields: fields))
        }
    }

    /// `variable 'bill'` -> `bill`, for naming record types after their variable.
    private func variableName(of what: String) -> String {
        guard let open = what.firstIndex(of: "'"), let close = what.lastIndex(of: "'"), open < close else { return what }
        return String(what[what.index(after: open)..<close])
    }

    /// A default value, checked against the type.
    func value(_ node: YAMLNode, of type: ExpressionType, _ what: String) -> Value? {
        switch type {
        case .string:
            return context.textOrInteger(node, what).map { .string($0) }
        case .bool:
            return context.bool(node, what).map { .bool($0) }
        case .int:
            return context.integer(node, what).map { .int(Int64($0)) }
        case .decimal:
            guard node.kind == .scalar else {
                context.report(.wrongType, "\(what) must be a number, found \(node.kindDescription)", at: node)
                return nil
            }
            switch ScalarResolution.of(node) {
            case .int(let integer):
                return .decimal(Decimal(integer))
            case .float(let float) where float.isFinite:
                // Read the digits as written, so 0.1 stays exactly 0.1.
                var text = Substring(node.text)
                var sign = ""
                if text.first == "+" || text.first == "-" {
                    sign = text.first == "-" ? "-" : ""
                    text = text.dropFirst()
                }
                let normalised = sign + (text.first == "." ? "0" : "") + text + (text.last == "." ? "0" : "")
                guard let decimal = Decimal(string: normalised, locale: Locale(identifier: "en_US_POSIX")) else {
                    return .decimal(Decimal(float))
                }
                return .decimal(decimal)
            case .float:
                context.report(.invalidValue, "\(what) must be a finite number, found \(node.text)", at: node)
                return nil
            default:
                context.report(.wrongType, "\(what) must be a number, found \(node.kindDescription)", at: node)
                return nil
            }
        case .list(let element):
            guard let items = context.sequence(node, what) else { return nil }
            let values = items.compactMap { value($0, of: element, "\(what) element") }
            return values.count == items.count ? .list(values) : nil
        case .record(let record):
            guard context.mapping(node, what) != nil else { return nil }
            var reader = MappingReader(node, what, context)
            var fields: [Value] = []
            for field in record.fields {
                if let fieldNode = reader.take(field.name) {
                    guard let value = value(fieldNode, of: field.type, "\(what).\(field.name)") else { return nil }
                    fields.append(value)
                } else {
                    fields.append(.zero(of: field.type))
                }
            }
            reader.finish(allowed: record.fields.map(\.name))
            return .record(fields)
        }
    }
}

/// An environment for literals, which read no variables.
struct NoVariables: ExpressionEnvironment {
    func value(ofSlot slot: Int) -> Value { .bool(false) }
    func isSet(slot: Int) -> Bool { false }
}

extension DecodeContext {
    /// One of a fixed list of words, with a did-you-mean.
    func choiceName(_ node: YAMLNode, _ what: String, among names: [String]) -> String? {
        guard let text = text(node, what) else { return nil }
        guard names.contains(text) else {
            report(
                .invalidValue,
                "\(what) '\(text)' is not one of \(names.joined(separator: ", "))\(DidYouMean.clause(for: text, among: names))",
                at: node)
            return nil
        }
        return text
    }
}
