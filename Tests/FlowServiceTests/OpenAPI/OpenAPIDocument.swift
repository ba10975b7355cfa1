import Foundation
import Yams

// `Schemas/flowmap-api.yaml` read for OpenAPIAgreementTests: its operations, references,
// error codes, and a structural check of JSON answers against its schemas.

/// A JSON or YAML value, as the document and the answers hold it.
enum OpenAPIValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([OpenAPIValue])
    case object([String: OpenAPIValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([OpenAPIValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: OpenAPIValue].self))
        }
    }

    /// The value of what `Yams.load` gives (scalars typed by YAML's core schema).
    init(yaml: Any?) {
        switch yaml {
        case let flag as Bool: self = .bool(flag)
        case let integer as Int: self = .integer(Int64(integer))
        case let number as Double: self = .number(number)
        case let text as String: self = .string(text)
        case let items as [Any]: self = .array(items.map { OpenAPIValue(yaml: $0) })
        case let mapping as [AnyHashable: Any]:
            self = .object(Dictionary(uniqueKeysWithValues: mapping.map { ("\($0.key.base)", OpenAPIValue(yaml: $0.value)) }))
        default: self = .null
        }
    }

    subscript(name: String) -> OpenAPIValue? { object?[name] }
    var object: [String: OpenAPIValue]? { if case .object(let members) = self { members } else { nil } }
    var array: [OpenAPIValue]? { if case .array(let items) = self { items } else { nil } }
    var string: String? { if case .string(let text) = self { text } else { nil } }

    /// JSON Schema's name of the value's type (`integer` for whole numbers).
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number(let number): number.rounded() == number ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Every `$ref` below this value.
    func references() -> [String] {
        switch self {
        case .object(let members):
            members.flatMap { name, value in name == "$ref" ? [value.string ?? ""] : value.references() }
        case .array(let items): items.flatMap { $0.references() }
        default: []
        }
    }
}

/// `Schemas/flowmap-api.yaml`, with what the tests ask of it.
struct OpenAPIDocument {
    struct Operation {
        var method: String
        var path: String
        var body: OpenAPIValue
        var pathItem: OpenAPIValue
        /// `GET /v1/sessions/{id}`, as Hummingbird prints a route.
        var route: String { "\(method) \(path)" }
        /// False for an operation whose code exists but which the router does not serve yet.
        var isBuilt: Bool { body["x-flowmap-built"] != .bool(false) }
    }

    struct Unresolved: Error, CustomStringConvertible {
        var description: String
    }

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
    /// The repository root: this file is Tests/FlowServiceTests/OpenAPI/OpenAPIDocument.swift.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    let root: OpenAPIValue
    let operations: [Operation]

    static func load() throws -> OpenAPIDocument {
        let text = try String(contentsOf: repository.appendingPathComponent("Schemas/flowmap-api.yaml"), encoding: .utf8)
        let root = OpenAPIValue(yaml: try Yams.load(yaml: text))
        var operations: [Operation] = []
        for (path, item) in root["paths"]?.object ?? [:] {
            for method in methods {
                if let body = item[method] { operations.append(Operation(method: method.uppercased(), path: path, body: body, pathItem: item)) }
            }
        }
        return OpenAPIDocument(root: root, operations: operations.sorted { $0.route < $1.route })
    }

    /// What a local reference (`#/components/schemas/Error`) points at.
    func resolve(_ reference: String) throws -> OpenAPIValue {
        guard reference.hasPrefix("#/") else { throw Unresolved(description: "not a local reference: \(reference)") }
        var node = root
        for token in reference.dropFirst(2).split(separator: "/") {
            let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let next = node[name] else { throw Unresolved(description: "\(reference): no '\(name)'") }
            node = next
        }
        return node
    }

    /// The value itself, or what its `$ref` points at (followed to the end).
    func dereferenced(_ value: OpenAPIValue) throws -> OpenAPIValue {
        var value = value
        while let reference = value["$ref"]?.string { value = try resolve(reference) }
        return value
    }

    /// The names of the operation's (and its path item's) path parameters.
    func pathParameters(of operation: Operation) throws -> Set<String> {
        let parameters = (operation.pathItem["parameters"]?.array ?? []) + (operation.body["parameters"]?.array ?? [])
        return Set(try parameters.map(dereferenced).filter { $0["in"]?.string == "path" }.compactMap { $0["name"]?.string })
    }

    func errorCodeEnum() throws -> [String] {
        let codes = try resolve("#/components/schemas/Error/properties/error/properties/code/enum")
        return (codes.array ?? []).compactMap(\.string)
    }

    /// The codes a response narrows the `Error` schema to (every code when it does not).
    func errorCodes(ofResponse response: OpenAPIValue) throws -> Set<String> {
        let response = try dereferenced(response)
        var codes: Set<String> = []
        for media in (response["content"]?.object ?? [:]).values {
            guard let schema = media["schema"] else { continue }
            codes.formUnion(try errorCodes(ofSchema: schema))
        }
        return codes
    }

    private func errorCodes(ofSchema schema: OpenAPIValue) throws -> Set<String> {
        if schema["$ref"]?.string == "#/components/schemas/Error" { return Set(try errorCodeEnum()) }
        let schema = try dereferenced(schema)
        guard let parts = schema["allOf"]?.array else { return [] }
        var narrowed: Set<String>?
        for part in parts {
            if let codes = part["properties"]?["error"]?["properties"]?["code"]?["enum"]?.array {
                narrowed = Set(codes.compactMap(\.string))
            } else if part["$ref"]?.string != "#/components/schemas/Error" {
                let inner = try errorCodes(ofSchema: part)
                if !inner.isEmpty { narrowed = inner }
            }
        }
        if let narrowed { return narrowed }
        return Set(try errorCodeEnum())
    }

    /// The media type `type` of the answer `route` documents for `status`.
    func responseMedia(_ route: String, status: Int, type: String) throws -> OpenAPIValue {
        guard let operation = operations.first(where: { $0.route == route }),
            let response = operation.body["responses"]?["\(status)"],
            let media = try dereferenced(response)["content"]?[type]
        else { throw Unresolved(description: "\(route) documents no \(status) \(type)") }
        return media
    }

    /// The schema of the JSON answer `route` documents for `status`.
    func responseSchema(_ route: String, status: Int) throws -> OpenAPIValue {
        guard let operation = operations.first(where: { $0.route == route }) else {
            throw Unresolved(description: "no operation \(route)")
        }
        guard let response = operation.body["responses"]?["\(status)"] else {
            throw Unresolved(description: "\(route) documents no \(status)")
        }
        guard let schema = try dereferenced(response)["content"]?["application/json"]?["schema"] else {
            throw Unresolved(description: "\(route) \(status) has no application/json schema")
        }
        return schema
    }

    /// Why `value` does not fit `schema`: a structural check of the keywords the document
    /// uses (`$ref`, `allOf`, `oneOf`, `type`, `required`, `properties`,
    /// `additionalProperties`, `items`, `enum`, `const`). Empty when it fits.
    func faults(of value: OpenAPIValue, against schema: OpenAPIValue, at path: String = "") throws -> [String] {
        let at = path.isEmpty ? "(root)" : path
        if let reference = schema["$ref"]?.string {
            return try faults(of: value, against: try resolve(reference), at: path)
        }
        var faults: [String] = []
        for part in schema["allOf"]?.array ?? [] { faults += try self.faults(of: value, against: part, at: path) }
        if let alternatives = schema["oneOf"]?.array {
            let fitting = try alternatives.filter { try self.faults(of: value, against: $0, at: path).isEmpty }.count
            if fitting != 1 { faults.append("\(at): fits \(fitting) of the oneOf alternatives, not 1") }
        }
        if let type = schema["type"] {
            let allowed = type.array?.compactMap(\.string) ?? [type.string ?? ""]
            let actual = value.typeName
            if !allowed.contains(actual) && !(actual == "integer" && allowed.contains("number")) {
                return faults + ["\(at): \(actual), not \(allowed.joined(separator: " or "))"]
            }
        }
        if let constant = schema["const"], constant != value { faults.append("\(at): not \(constant)") }
        if let choices = schema["enum"]?.array, !choices.contains(value) { faults.append("\(at): \(value) is not one of the enum") }
        if case .object(let members) = value {
            for name in schema["required"]?.array?.compactMap(\.string) ?? [] where members[name] == nil {
                faults.append("\(at): no required '\(name)'")
            }
            let properties = schema["properties"]?.object ?? [:]
            for (name, member) in members {
                if let property = properties[name] {
                    faults += try self.faults(of: member, against: property, at: path + "/" + name)
                } else if let additional = schema["additionalProperties"], additional.object != nil {
                    faults += try self.faults(of: member, against: additional, at: path + "/" + name)
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() { faults += try self.faults(of: item, against: itemSchema, at: "\(path)/\(index)") }
        }
        return faults
    }
}
