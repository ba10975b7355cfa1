// A JSON Schema (draft 2020-12) validator for the schema tests, and the JSON values it reads.
//
// It implements exactly the keywords the flowmap schemas use, and refuses every other
// keyword when it is constructed: a schema can never pass a test because the validator
// ignored part of it. Keywords (see `Keyword`):
//
//   core         $schema (root only, 2020-12), $id (root only), $defs, $ref (local JSON
//                pointers: "#", "#/$defs/name", ...), $comment
//   applicators  allOf, anyOf, oneOf, not, if/then/else, properties, patternProperties,
//                additionalProperties, propertyNames, items (a single schema)
//   validation   type, enum, const, pattern, minLength, maxLength, minimum, maximum,
//                exclusiveMinimum, exclusiveMaximum, minItems, maxItems, uniqueItems,
//                required, dependentRequired, minProperties, maxProperties
//   annotations  title, description, markdownDescription (VS Code), examples, default,
//                deprecated, readOnly, writeOnly
//
// Patterns are ECMA-262 regular expressions; they are run with Swift Regex, matching
// Unicode scalars (as ECMAScript's `u` flag does) and searching, not anchoring. Patterns
// must stay inside the syntax both share: `\d`, `\w`, `\s` and `\v` mean different things
// in the two (Unicode classes in Swift), so the schemas spell classes out.
//
// Editors read YAML keys typed (yaml-language-server validates `propertyNames` against the
// key node, so a plain `true:` key is a boolean); `JSONMember.key` keeps that typed key
// and `propertyNames` validates it. Everything else sees the member's `name`.

import Foundation

// MARK: - JSON values

/// A JSON value. Integers and other numbers are kept apart so that 64-bit integers stay
/// exact; JSON Schema compares them by value (`1` equals `1.0`, and `1.0` is an integer).
enum JSONValue: Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// JSON Schema's type name of this value (`integer` for whole numbers, however written).
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number(let value): value.isFinite && value.rounded() == value ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The value of the member `name` of an object.
    subscript(name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.name == name }?.value
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .string(let value): return JSONValue.quoted(value)
        case .array(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { JSONValue.quoted($0.name) + ": " + $0.value.description }.joined(separator: ", ") + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// JSON Schema equality: numbers by value, objects regardless of member order.
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.integer, .number), (.number, .integer), (.number, .number):
            return lhs.numberValue! == rhs.numberValue!
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            return a.allSatisfy { member in b.contains { $0.name == member.name && equal($0.value, member.value) } }
        default: return false
        }
    }
}

/// One member of an object: its name, the key as the document typed it, and its value.
struct JSONMember: Sendable {
    var name: String
    /// The key as a value: a string in JSON; in YAML, what the plain key resolves to.
    var key: JSONValue
    var value: JSONValue

    init(name: String, key: JSONValue? = nil, value: JSONValue) {
        self.name = name
        self.key = key ?? .string(name)
        self.value = value
    }
}

// MARK: - JSON text

extension JSONValue {
    struct ParseError: Error, CustomStringConvertible {
        var offset: Int
        var message: String
        var description: String { "JSON error at byte \(offset): \(message)" }
    }

    /// Parses JSON text (RFC 8259), keeping member order; a repeated member name is an error.
    static func parse(_ text: String) throws(ParseError) -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8))
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.error("text after the JSON value") }
        return value
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    var index = 0

    func error(_ message: String) -> JSONValue.ParseError { .init(offset: index, message: message) }

    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func expect(_ literal: String) throws(JSONValue.ParseError) {
        for byte in literal.utf8 {
            guard index < bytes.count, bytes[index] == byte else { throw error("expected '\(literal)'") }
            index += 1
        }
    }

    mutating func value(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        guard depth < 512 else { throw error("nested too deeply") }
        guard index < bytes.count else { throw error("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [JSONMember] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a member name") }
                let name = try string()
                if members.contains(where: { $0.name == name }) { throw error("member '\(name)' appears twice") }
                skipWhitespace()
                try expect(":")
                skipWhitespace()
                members.append(JSONMember(name: name, value: try value(depth: depth + 1)))
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end in an object") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect("}")
                return .object(members)
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end in an array") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect("]")
                return .array(items)
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try expect("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expect("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expect("null")
            return .null
        default:
            return try number()
        }
    }

    mutating func number() throws(JSONValue.ParseError) -> JSONValue {
        let start = index
        func digits() -> Int {
            let from = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - from
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let whole = digits()
        guard whole > 0 else { throw error("expected a value") }
        if whole > 1, bytes[index - whole] == UInt8(ascii: "0") { throw error("leading zero in a number") }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            isInteger = false
            guard digits() > 0 else { throw error("expected digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            isInteger = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error("expected digits in the exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let value = Int64(text) { return .integer(value) }
        guard let value = Double(text) else { throw error("bad number '\(text)'") }
        return .number(value)
    }

    mutating func string() throws(JSONValue.ParseError) -> String {
        index += 1  // the opening quote
        var scalars = String.UnicodeScalarView()
        var run = index
        func flush() {
            if run < index { scalars.append(contentsOf: String(decoding: bytes[run..<index], as: UTF8.self).unicodeScalars) }
        }
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush()
                index += 1
                return String(scalars)
            }
            guard byte >= 0x20 else { throw error("control character in a string") }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            flush()
            index += 1
            guard index < bytes.count else { throw error("unterminated escape") }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800...0xDBFF).contains(code) {
                    try expect("\\u")
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                scalars.append(scalar)
            default:
                throw error("unknown escape")
            }
            run = index
        }
    }

    mutating func hex4() throws(JSONValue.ParseError) -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw error("expected four hex digits") }
        index += 4
        return value
    }
}

// MARK: - The validator

/// Validates JSON values against a JSON Schema 2020-12 document, refusing keywords it does not implement.
struct JSONSchemaValidator: Sendable {
    static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// A schema this validator cannot run faithfully: an unknown keyword, a malformed value, a dangling `$ref`.
    struct SchemaError: Error, CustomStringConvertible {
        var schemaPath: String
        var message: String
        var description: String { "schema \(schemaPath): \(message)" }
    }

    /// One reason an instance does not match.
    struct Failure: Sendable, CustomStringConvertible {
        /// JSON pointer into the instance: `/states/menu/input/mode`.
        var instancePath: String
        /// JSON pointer into the schema, through `$ref`s: `#/$defs/input/properties/mode/enum`.
        var schemaPath: String
        var keyword: String
        var message: String
        /// For anyOf, oneOf and the like: why the alternatives failed.
        var causes: [Failure] = []

        var description: String { lines(indent: "").joined(separator: "\n") }

        func lines(indent: String, depth: Int = 0) -> [String] {
            let at = instancePath.isEmpty ? "(root)" : instancePath
            var out = ["\(indent)\(at): [\(keyword)] \(message)  (\(schemaPath))"]
            guard depth < 4 else { return out }
            for cause in causes.prefix(6) { out += cause.lines(indent: indent + "    ", depth: depth + 1) }
            if causes.count > 6 { out.append("\(indent)    ... \(causes.count - 6) more") }
            return out
        }
    }

    enum Keyword {
        static let annotations: Set<String> = [
            "$comment", "title", "description", "markdownDescription", "examples", "default", "deprecated", "readOnly",
            "writeOnly",
        ]
        static let core: Set<String> = ["$schema", "$id", "$defs", "$ref"]
        static let applicators: Set<String> = [
            "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "properties", "patternProperties",
            "additionalProperties", "propertyNames", "items",
        ]
        static let assertions: Set<String> = [
            "type", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "minItems", "maxItems", "uniqueItems", "required", "dependentRequired", "minProperties",
            "maxProperties",
        ]
        static let all = annotations.union(core).union(applicators).union(assertions)
        static let typeNames: Set<String> = ["null", "boolean", "integer", "number", "string", "array", "object"]
    }

    let root: JSONValue
    private let regexes = RegexCache()

    /// Checks the whole schema first: every keyword known, every value well-formed, every
    /// `$ref` resolvable, every pattern compilable.
    init(schema: JSONValue) throws(SchemaError) {
        root = schema
        try check(schema, path: "#", isRoot: true)
    }

    init(schemaText: String) throws {
        try self.init(schema: try JSONValue.parse(schemaText))
    }

    /// Why `instance` does not match; empty when it does.
    func validate(_ instance: JSONValue) throws(SchemaError) -> [Failure] {
        var run = Run(root: root, regexes: regexes)
        return try run.evaluate(root, schemaPath: "#", instance, instancePath: "")
    }

    func accepts(_ instance: JSONValue) throws(SchemaError) -> Bool {
        try validate(instance).isEmpty
    }

    /// The subschema a local reference (`#/$defs/name`) points at.
    func resolve(_ reference: String) throws(SchemaError) -> JSONValue {
        try Self.resolve(reference, in: root, from: "#")
    }

    // MARK: Checking the schema

    private func check(_ schema: JSONValue, path: String, isRoot: Bool = false) throws(SchemaError) {
        func fail(_ message: String) -> SchemaError { SchemaError(schemaPath: path, message: message) }
        if case .bool = schema { return }
        guard case .object(let members) = schema else { throw fail("a schema must be an object or a boolean") }
        for member in members {
            let keyword = member.name
            let value = member.value
            let here = path + "/" + Self.escape(keyword)
            func bad(_ message: String) -> SchemaError { SchemaError(schemaPath: here, message: message) }
            guard Keyword.all.contains(keyword) else {
                throw bad("keyword '\(keyword)' is not implemented by this validator; implement it (and test it) before a schema uses it")
            }
            switch keyword {
            case "$schema":
                guard isRoot else { throw bad("$schema is only supported at the root") }
                guard case .string(let uri) = value, uri == Self.dialect else { throw bad("only draft 2020-12 is supported") }
            case "$id":
                guard isRoot else { throw bad("$id below the root would change how $ref resolves; not supported") }
                guard case .string = value else { throw bad("$id must be a string") }
            case "$comment":
                guard case .string = value else { throw bad("$comment must be a string") }
            case "title", "description", "markdownDescription":
                guard case .string = value else { throw bad("\(keyword) must be a string") }
            case "deprecated", "readOnly", "writeOnly", "uniqueItems":
                guard case .bool = value else { throw bad("\(keyword) must be a boolean") }
            case "examples":
                guard case .array = value else { throw bad("examples must be an array") }
            case "default", "const":
                break
            case "$defs", "properties", "patternProperties":
                guard case .object(let subschemas) = value else { throw bad("\(keyword) must be an object of schemas") }
                for subschema in subschemas {
                    if keyword == "patternProperties" { _ = try Self.regex(subschema.name, at: here) }
                    try check(subschema.value, path: here + "/" + Self.escape(subschema.name))
                }
            case "$ref":
                guard case .string(let reference) = value else { throw bad("$ref must be a string") }
                _ = try Self.resolve(reference, in: root, from: here)
            case "allOf", "anyOf", "oneOf":
                guard case .array(let subschemas) = value, !subschemas.isEmpty else { throw bad("\(keyword) must be a non-empty array") }
                for (index, subschema) in subschemas.enumerated() { try check(subschema, path: here + "/\(index)") }
            case "not", "if", "then", "else", "additionalProperties", "propertyNames", "items":
                if keyword == "items", case .array = value { throw bad("items must be one schema (2020-12); prefixItems is not implemented") }
                if keyword == "then" || keyword == "else", schema["if"] == nil { throw bad("\(keyword) without if has no effect; a mistake?") }
                try check(value, path: here)
            case "type":
                let names: [JSONValue]
                if case .array(let list) = value { names = list } else { names = [value] }
                guard !names.isEmpty else { throw bad("type must name at least one type") }
                for name in names {
                    guard case .string(let text) = name, Keyword.typeNames.contains(text) else { throw bad("unknown type \(name)") }
                }
            case "enum":
                guard case .array(let values) = value, !values.isEmpty else { throw bad("enum must be a non-empty array") }
            case "pattern":
                guard case .string(let pattern) = value else { throw bad("pattern must be a string") }
                _ = try Self.regex(pattern, at: here)
            case "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties":
                guard case .integer(let count) = value, count >= 0 else { throw bad("\(keyword) must be a non-negative integer") }
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
                guard value.numberValue != nil else { throw bad("\(keyword) must be a number") }
            case "required":
                guard case .array(let names) = value, names.allSatisfy({ if case .string = $0 { true } else { false } })
                else { throw bad("required must be an array of strings") }
            case "dependentRequired":
                guard case .object(let dependencies) = value else { throw bad("dependentRequired must be an object") }
                for dependency in dependencies {
                    guard case .array(let names) = dependency.value,
                        names.allSatisfy({ if case .string = $0 { true } else { false } })
                    else { throw bad("dependentRequired/\(dependency.name) must be an array of strings") }
                }
            default:
                throw bad("keyword '\(keyword)' is listed but not checked; a validator bug")
            }
        }
    }

    // MARK: Helpers

    static func escape(_ token: String) -> String {
        token.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    static func resolve(_ reference: String, in root: JSONValue, from path: String) throws(SchemaError) -> JSONValue {
        guard reference.hasPrefix("#") else {
            throw SchemaError(schemaPath: path, message: "only local references (#/...) are supported, found '\(reference)'")
        }
        let pointer = String(reference.dropFirst())
        guard let decoded = pointer.removingPercentEncoding else {
            throw SchemaError(schemaPath: path, message: "bad percent-encoding in '\(reference)'")
        }
        if decoded.isEmpty { return root }
        guard decoded.hasPrefix("/") else {
            throw SchemaError(schemaPath: path, message: "anchors ($anchor) are not supported: '\(reference)'")
        }
        var node = root
        for raw in decoded.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = raw.replacing("~1", with: "/").replacing("~0", with: "~")
            switch node {
            case .object(let members):
                guard let next = members.first(where: { $0.name == token })?.value else {
                    throw SchemaError(schemaPath: path, message: "'\(reference)' does not resolve: no '\(token)'")
                }
                node = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else {
                    throw SchemaError(schemaPath: path, message: "'\(reference)' does not resolve: no item \(token)")
                }
                node = items[index]
            default:
                throw SchemaError(schemaPath: path, message: "'\(reference)' does not resolve")
            }
        }
        return node
    }

    static func regex(_ pattern: String, at path: String) throws(SchemaError) -> Regex<AnyRegexOutput> {
        do {
            return try Regex(pattern).matchingSemantics(.unicodeScalar)
        } catch {
            throw SchemaError(schemaPath: path, message: "pattern '\(pattern)' does not compile: \(error)")
        }
    }
}

// MARK: - Evaluation

extension JSONSchemaValidator {
    /// One validation: the regexes compiled so far, and the `$ref`s being followed (to catch loops).
    /// Compiled patterns, shared by the validations of one validator.
    final class RegexCache: @unchecked Sendable {
        private let lock = NSLock()
        private var compiled: [String: Regex<AnyRegexOutput>] = [:]

        func regex(_ pattern: String, at path: String) throws(SchemaError) -> Regex<AnyRegexOutput> {
            if let cached = lock.withLock({ compiled[pattern] }) { return cached }
            let regex = try JSONSchemaValidator.regex(pattern, at: path)
            lock.withLock { compiled[pattern] = regex }
            return regex
        }
    }

    fileprivate struct Run {
        let root: JSONValue
        let regexes: RegexCache
        var following: Set<String> = []

        init(root: JSONValue, regexes: RegexCache) {
            self.root = root
            self.regexes = regexes
        }

        func matches(_ pattern: String, _ text: String, at path: String) throws(SchemaError) -> Bool {
            text.contains(try regexes.regex(pattern, at: path))
        }

        mutating func evaluate(
            _ schema: JSONValue, schemaPath: String, _ instance: JSONValue, instancePath: String
        ) throws(SchemaError) -> [Failure] {
            if case .bool(let allowed) = schema {
                return allowed ? [] : [Failure(instancePath: instancePath, schemaPath: schemaPath, keyword: "false", message: "no value is allowed here")]
            }
            guard case .object(let keywords) = schema else {
                throw SchemaError(schemaPath: schemaPath, message: "a schema must be an object or a boolean")
            }
            var failures: [Failure] = []
            func fail(_ keyword: String, _ message: String, causes: [Failure] = []) {
                failures.append(Failure(
                    instancePath: instancePath, schemaPath: schemaPath + "/" + JSONSchemaValidator.escape(keyword),
                    keyword: keyword, message: message, causes: causes))
            }
            let names = Set(keywords.map(\.name))
            if let unknown = names.subtracting(Keyword.all).sorted().first {
                throw SchemaError(schemaPath: schemaPath, message: "keyword '\(unknown)' is not implemented by this validator")
            }

            if case .string(let reference)? = schema["$ref"] {
                let key = reference + " @ " + instancePath
                guard !following.contains(key) else {
                    throw SchemaError(schemaPath: schemaPath, message: "$ref '\(reference)' loops without consuming the instance")
                }
                following.insert(key)
                let target = try JSONSchemaValidator.resolve(reference, in: root, from: schemaPath + "/$ref")
                failures += try evaluate(target, schemaPath: reference, instance, instancePath: instancePath)
                following.remove(key)
            }

            // type, enum, const
            if let type = schema["type"] {
                let allowed: [String]
                if case .array(let list) = type {
                    allowed = list.compactMap { if case .string(let name) = $0 { name } else { nil } }
                } else if case .string(let name) = type {
                    allowed = [name]
                } else {
                    allowed = []
                }
                let actual = instance.typeName
                let ok = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
                if !ok { fail("type", "expected \(allowed.joined(separator: " or ")), found \(actual) \(Self.excerpt(instance))") }
            }
            if case .array(let values)? = schema["enum"], !values.contains(where: { JSONValue.equal($0, instance) }) {
                fail("enum", "\(Self.excerpt(instance)) is not one of \(values.map(\.description).joined(separator: ", "))")
            }
            if let constant = schema["const"], !JSONValue.equal(constant, instance) {
                fail("const", "expected \(constant), found \(Self.excerpt(instance))")
            }

            // numbers
            if let value = instance.numberValue {
                if let limit = schema["minimum"]?.numberValue, !(value >= limit) { fail("minimum", "\(instance) is less than \(limit)") }
                if let limit = schema["maximum"]?.numberValue, !(value <= limit) { fail("maximum", "\(instance) is more than \(limit)") }
                if let limit = schema["exclusiveMinimum"]?.numberValue, !(value > limit) {
                    fail("exclusiveMinimum", "\(instance) is not more than \(limit)")
                }
                if let limit = schema["exclusiveMaximum"]?.numberValue, !(value < limit) {
                    fail("exclusiveMaximum", "\(instance) is not less than \(limit)")
                }
            }

            // strings
            if case .string(let text) = instance {
                let length = text.unicodeScalars.count
                if case .integer(let limit)? = schema["minLength"], length < limit { fail("minLength", "\(Self.excerpt(instance)) is shorter than \(limit)") }
                if case .integer(let limit)? = schema["maxLength"], length > limit { fail("maxLength", "\(Self.excerpt(instance)) is longer than \(limit)") }
                if case .string(let pattern)? = schema["pattern"],
                    try !matches(pattern, text, at: schemaPath + "/pattern")
                {
                    fail("pattern", "\(Self.excerpt(instance)) does not match \(pattern)")
                }
            }

            // arrays
            if case .array(let items) = instance {
                if case .integer(let limit)? = schema["minItems"], items.count < limit { fail("minItems", "\(items.count) items, fewer than \(limit)") }
                if case .integer(let limit)? = schema["maxItems"], items.count > limit { fail("maxItems", "\(items.count) items, more than \(limit)") }
                if case .bool(true)? = schema["uniqueItems"] {
                    outer: for i in items.indices {
                        for j in items.indices where j > i && JSONValue.equal(items[i], items[j]) {
                            fail("uniqueItems", "items \(i) and \(j) are equal")
                            break outer
                        }
                    }
                }
                if let itemSchema = schema["items"] {
                    for (index, item) in items.enumerated() {
                        failures += try evaluate(itemSchema, schemaPath: schemaPath + "/items", item, instancePath: instancePath + "/\(index)")
                    }
                }
            }

            // objects
            if case .object(let members) = instance {
                let present = Set(members.map(\.name))
                if case .array(let required)? = schema["required"] {
                    for case .string(let name) in required where !present.contains(name) {
                        fail("required", "missing '\(name)'")
                    }
                }
                if case .object(let dependencies)? = schema["dependentRequired"] {
                    for dependency in dependencies where present.contains(dependency.name) {
                        guard case .array(let needed) = dependency.value else { continue }
                        for case .string(let name) in needed where !present.contains(name) {
                            fail("dependentRequired", "'\(dependency.name)' needs '\(name)' too")
                        }
                    }
                }
                if case .integer(let limit)? = schema["minProperties"], members.count < limit {
                    fail("minProperties", "\(members.count) members, fewer than \(limit)")
                }
                if case .integer(let limit)? = schema["maxProperties"], members.count > limit {
                    fail("maxProperties", "\(members.count) members, more than \(limit)")
                }
                let properties: [JSONMember]
                if case .object(let list)? = schema["properties"] { properties = list } else { properties = [] }
                let patterns: [JSONMember]
                if case .object(let list)? = schema["patternProperties"] { patterns = list } else { patterns = [] }
                for member in members {
                    let memberPath = instancePath + "/" + JSONValue.pointerToken(member.name)
                    var evaluated = false
                    if let property = properties.first(where: { $0.name == member.name }) {
                        evaluated = true
                        failures += try evaluate(
                            property.value, schemaPath: schemaPath + "/properties/" + JSONSchemaValidator.escape(property.name),
                            member.value, instancePath: memberPath)
                    }
                    for pattern in patterns {
                        guard try matches(pattern.name, member.name, at: schemaPath + "/patternProperties") else { continue }
                        evaluated = true
                        failures += try evaluate(
                            pattern.value, schemaPath: schemaPath + "/patternProperties/" + JSONSchemaValidator.escape(pattern.name),
                            member.value, instancePath: memberPath)
                    }
                    if !evaluated, let additional = schema["additionalProperties"] {
                        if case .bool(false) = additional {
                            failures.append(Failure(
                                instancePath: memberPath, schemaPath: schemaPath + "/additionalProperties",
                                keyword: "additionalProperties", message: "'\(member.name)' is not allowed here"))
                        } else {
                            failures += try evaluate(
                                additional, schemaPath: schemaPath + "/additionalProperties", member.value, instancePath: memberPath)
                        }
                    }
                    if let names = schema["propertyNames"] {
                        let problems = try evaluate(names, schemaPath: schemaPath + "/propertyNames", member.key, instancePath: memberPath)
                        if !problems.isEmpty {
                            failures.append(Failure(
                                instancePath: memberPath, schemaPath: schemaPath + "/propertyNames", keyword: "propertyNames",
                                message: "the key \(member.key) is not an allowed name", causes: problems))
                        }
                    }
                }
            }

            // applicators
            if case .array(let subschemas)? = schema["allOf"] {
                for (index, subschema) in subschemas.enumerated() {
                    failures += try evaluate(subschema, schemaPath: schemaPath + "/allOf/\(index)", instance, instancePath: instancePath)
                }
            }
            if case .array(let subschemas)? = schema["anyOf"] {
                var causes: [Failure] = []
                var matched = false
                for (index, subschema) in subschemas.enumerated() {
                    let problems = try evaluate(subschema, schemaPath: schemaPath + "/anyOf/\(index)", instance, instancePath: instancePath)
                    if problems.isEmpty {
                        matched = true
                        break
                    }
                    causes += problems
                }
                if !matched { fail("anyOf", "matches none of the \(subschemas.count) alternatives", causes: Self.bestCauses(causes)) }
            }
            if case .array(let subschemas)? = schema["oneOf"] {
                var causes: [Failure] = []
                var matching: [Int] = []
                for (index, subschema) in subschemas.enumerated() {
                    let problems = try evaluate(subschema, schemaPath: schemaPath + "/oneOf/\(index)", instance, instancePath: instancePath)
                    if problems.isEmpty { matching.append(index) } else { causes += problems }
                }
                if matching.isEmpty {
                    fail("oneOf", "matches none of the \(subschemas.count) alternatives", causes: Self.bestCauses(causes))
                } else if matching.count > 1 {
                    fail("oneOf", "matches alternatives \(matching.map(String.init).joined(separator: " and ")) where exactly one must match")
                }
            }
            if let negated = schema["not"] {
                if try evaluate(negated, schemaPath: schemaPath + "/not", instance, instancePath: instancePath).isEmpty {
                    fail("not", "matches a schema it must not match: \(negated)")
                }
            }
            if let condition = schema["if"] {
                let holds = try evaluate(condition, schemaPath: schemaPath + "/if", instance, instancePath: instancePath).isEmpty
                if holds, let then = schema["then"] {
                    failures += try evaluate(then, schemaPath: schemaPath + "/then", instance, instancePath: instancePath)
                } else if !holds, let otherwise = schema["else"] {
                    failures += try evaluate(otherwise, schemaPath: schemaPath + "/else", instance, instancePath: instancePath)
                }
            }
            return failures
        }

        /// The deepest failures of the alternatives: usually the alternative that was meant.
        static func bestCauses(_ causes: [Failure]) -> [Failure] {
            let depth = { (failure: Failure) in failure.instancePath.split(separator: "/").count }
            guard let deepest = causes.map(depth).max() else { return causes }
            let deep = causes.filter { depth($0) == deepest }
            return deepest > 0 ? deep : causes
        }

        static func excerpt(_ value: JSONValue) -> String {
            let text = value.description
            return text.count > 60 ? String(text.prefix(57)) + "..." : text
        }
    }
}

extension JSONValue {
    /// A member name as a JSON pointer token.
    static func pointerToken(_ name: String) -> String {
        JSONSchemaValidator.escape(name)
    }
}
