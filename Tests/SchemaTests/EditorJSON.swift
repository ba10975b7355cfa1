// YAML -> JSON the way yaml-language-server sees a flow file while a designer types.
//
// The tree comes from the project's own YAMLComposer (aliases expanded, `<<` merges applied,
// later duplicate keys set aside), and plain scalars are typed by ScalarResolution, the
// YAML 1.2 core schema: `true` is a boolean, `1.0` a number, `~` null. Quoted and block
// scalars are strings. An explicit tag types the scalar as the tag says (`!!str 5` is the
// text "5"); unknown tags and the non-specific `!` give text, as the editor reads them.
// Keys keep their YAML type too (see `JSONMember.key`), because the editor validates
// `propertyNames` against the typed key: a plain `true:` key is a boolean, not a name.

import Foundation
@testable import FlowLoading

enum EditorJSON {
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    /// The JSON value of a YAML file, or why it is not YAML.
    static func read(path: String) throws -> JSONValue {
        let source: SourceFile
        do {
            source = try SourceFile.read(path: path)
        } catch {
            throw Unreadable(description: "\(path): \(error)")
        }
        switch YAMLComposer().compose(source.bytes) {
        case .success(let root): return value(root)
        case .failure(let failure): throw Unreadable(description: "\(path):\(failure.line):\(failure.column): \(failure.message)")
        }
    }

    static func value(text: String) throws -> JSONValue {
        switch YAMLComposer().compose(Array(text.utf8)) {
        case .success(let root): return value(root)
        case .failure(let failure): throw Unreadable(description: "\(failure.line):\(failure.column): \(failure.message)")
        }
    }

    static func value(_ node: YAMLNode) -> JSONValue {
        switch node.kind {
        case .scalar:
            return scalar(node)
        case .sequence:
            return .array(node.children.map(value))
        case .mapping:
            return .object(node.pairs.map { pair in
                let key = value(pair.key)
                let name: String
                switch key {
                case .string(let text): name = text
                case .null: name = "null"
                case .bool(let flag): name = flag ? "true" : "false"
                case .integer(let number): name = String(number)
                case .number: name = pair.key.text
                case .array, .object: name = key.description
                }
                return JSONMember(name: name, key: key, value: value(pair.value))
            })
        }
    }

    static func scalar(_ node: YAMLNode) -> JSONValue {
        if let tag = node.tag {
            switch tag {
            case "tag:yaml.org,2002:null": return .null
            case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
                return plain(node.text)
            default: return .string(node.text)
            }
        }
        guard node.style == .plain else { return .string(node.text) }
        return plain(node.text)
    }

    /// A plain scalar, typed by the YAML 1.2 core schema.
    static func plain(_ text: String) -> JSONValue {
        switch ScalarResolution.resolve(text) {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .integer(value)
        case .float(let value): .number(value)
        case .string: .string(text)
        }
    }
}
