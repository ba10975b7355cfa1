// The test validator itself: for each keyword, a value it accepts and one it rejects, and
// loud failures for every keyword or form it does not implement.

import Testing

@Suite("JSONSchemaValidator")
struct JSONSchemaValidatorTests {
    func validator(_ schema: String) throws -> JSONSchemaValidator {
        try JSONSchemaValidator(schemaText: schema)
    }

    func json(_ text: String) throws -> JSONValue {
        try JSONValue.parse(text)
    }

    /// Asserts what `schema` says of each instance, and which keyword rejects the rejected ones.
    func check(
        _ schema: String, accepts: [String], rejects: [String], keyword: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let validator = try validator(schema)
        for text in accepts {
            let failures = try validator.validate(try json(text))
            #expect(failures.isEmpty, "\(schema) should accept \(text): \(failures)", sourceLocation: sourceLocation)
        }
        for text in rejects {
            let failures = try validator.validate(try json(text))
            #expect(!failures.isEmpty, "\(schema) should reject \(text)", sourceLocation: sourceLocation)
            #expect(
                failures.contains { $0.keyword == keyword }, "\(schema) should reject \(text) by \(keyword): \(failures)",
                sourceLocation: sourceLocation)
        }
    }

    // MARK: Type and values

    @Test func type() throws {
        try check(##"{"type": "string"}"##, accepts: [##""a""##], rejects: ["1", "null", "true", "[]", "{}"], keyword: "type")
        try check(##"{"type": "integer"}"##, accepts: ["1", "-3", "2.0", "1e2"], rejects: ["1.5", ##""1""##], keyword: "type")
        try check(##"{"type": "number"}"##, accepts: ["1", "1.5"], rejects: [##""1.5""##, "true"], keyword: "type")
        try check(##"{"type": "boolean"}"##, accepts: ["true", "false"], rejects: ["0", ##""true""##], keyword: "type")
        try check(##"{"type": "null"}"##, accepts: ["null"], rejects: ["0", ##""""##], keyword: "type")
        try check(##"{"type": "array"}"##, accepts: ["[]", "[1]"], rejects: ["{}"], keyword: "type")
        try check(##"{"type": "object"}"##, accepts: ["{}", ##"{"a": 1}"##], rejects: ["[]"], keyword: "type")
        try check(##"{"type": ["string", "integer"]}"##, accepts: [##""a""##, "7"], rejects: ["7.5", "null"], keyword: "type")
    }

    @Test func enumAndConst() throws {
        try check(##"{"enum": ["a", 1, null]}"##, accepts: [##""a""##, "1", "1.0", "null"], rejects: [##""b""##, ##""1""##, "true"], keyword: "enum")
        try check(##"{"enum": [{"a": [1, 2]}]}"##, accepts: [##"{"a": [1, 2]}"##], rejects: [##"{"a": [2, 1]}"##, ##"{"a": [1, 2], "b": 0}"##], keyword: "enum")
        try check(##"{"const": "prompt"}"##, accepts: [##""prompt""##], rejects: [##""promt""##, "null"], keyword: "const")
        try check(##"{"const": false}"##, accepts: ["false"], rejects: ["0", "null"], keyword: "const")
    }

    // MARK: Strings

    @Test func pattern() throws {
        try check(##"{"pattern": "^(?:[0-9]{1,9}(?:ms|s|m|h|d))+$"}"##, accepts: [##""500ms""##, ##""1h30m""##, "5"],
                  rejects: [##""5""##, ##""5 s""##, ##""1234567890s""##, ##""5s\n""##, ##""m""##], keyword: "pattern")
        // Searching, not anchored, and by Unicode scalar.
        try check(##"{"pattern": "[^\\u0009-\\u000d\\u0020\\u3000]"}"##, accepts: [##""  x ""##, ##""é""##],
                  rejects: [##""""##, ##""  \t\u3000""##], keyword: "pattern")
        try check(##"{"pattern": "^.$"}"##, accepts: [##""a""##], rejects: [##""e\u0301""##], keyword: "pattern")
    }

    @Test func stringLength() throws {
        try check(##"{"minLength": 2}"##, accepts: [##""ab""##, ##""话费""##, "1"], rejects: [##""a""##, ##""话""##], keyword: "minLength")
        try check(##"{"maxLength": 2}"##, accepts: [##""ab""##, ##""话费""##], rejects: [##""abc""##], keyword: "maxLength")
    }

    // MARK: Numbers

    @Test func numberLimits() throws {
        try check(##"{"minimum": 0, "maximum": 1}"##, accepts: ["0", "1", "0.5", ##""x""##], rejects: ["-0.1"], keyword: "minimum")
        try check(##"{"minimum": 0, "maximum": 1}"##, accepts: [], rejects: ["1.5", "2"], keyword: "maximum")
        try check(##"{"exclusiveMinimum": 0}"##, accepts: ["0.1"], rejects: ["0"], keyword: "exclusiveMinimum")
        try check(##"{"exclusiveMaximum": 1}"##, accepts: ["0.9"], rejects: ["1"], keyword: "exclusiveMaximum")
    }

    // MARK: Arrays

    @Test func arrays() throws {
        try check(##"{"items": {"type": "string"}}"##, accepts: ["[]", ##"["a", "b"]"##, "3"], rejects: [##"["a", 1]"##], keyword: "type")
        try check(##"{"minItems": 1}"##, accepts: ["[1]"], rejects: ["[]"], keyword: "minItems")
        try check(##"{"maxItems": 0}"##, accepts: ["[]"], rejects: ["[1]"], keyword: "maxItems")
        try check(##"{"uniqueItems": true}"##, accepts: ["[1, 2]"], rejects: ["[1, 1.0]", ##"[{"a": 1}, {"a": 1}]"##], keyword: "uniqueItems")
    }

    // MARK: Objects

    @Test func required() throws {
        try check(##"{"required": ["id", "kind"]}"##, accepts: [##"{"id": 1, "kind": null}"##, "[]"], rejects: [##"{"id": 1}"##, "{}"], keyword: "required")
    }

    @Test func properties() throws {
        try check(##"{"properties": {"a": {"type": "string"}}}"##, accepts: [##"{"a": "x"}"##, ##"{"b": 1}"##], rejects: [##"{"a": 1}"##], keyword: "type")
    }

    @Test func additionalProperties() throws {
        let closed = ##"{"properties": {"a": {}}, "patternProperties": {"^x-": {}}, "additionalProperties": false}"##
        try check(closed, accepts: [##"{"a": 1}"##, ##"{"x-y": 2}"##, "{}"], rejects: [##"{"b": 1}"##, ##"{"a": 1, "y-x": 0}"##], keyword: "additionalProperties")
        let typed = ##"{"properties": {"a": {}}, "additionalProperties": {"type": "integer"}}"##
        try check(typed, accepts: [##"{"a": "s", "b": 1}"##], rejects: [##"{"b": "s"}"##], keyword: "type")
    }

    @Test func patternProperties() throws {
        try check(##"{"patternProperties": {"^n": {"type": "integer"}}}"##, accepts: [##"{"n1": 1, "x": "s"}"##], rejects: [##"{"n1": "s"}"##], keyword: "type")
    }

    @Test func propertyNames() throws {
        try check(##"{"propertyNames": {"pattern": "^[a-z]+$"}}"##, accepts: [##"{"abc": 1}"##, "{}"], rejects: [##"{"aBc": 1}"##], keyword: "propertyNames")
        // Keys typed as YAML types them: a plain `true:` key is a boolean, a quoted one text.
        let validator = try validator(##"{"propertyNames": {"type": "string", "pattern": "^[a-z]+$"}}"##)
        #expect(try validator.accepts(.object([JSONMember(name: "true", key: .string("true"), value: .null)])))
        #expect(try !validator.accepts(.object([JSONMember(name: "true", key: .bool(true), value: .null)])))
        #expect(try !validator.accepts(.object([JSONMember(name: "null", key: .null, value: .null)])))
    }

    @Test func propertyCount() throws {
        try check(##"{"minProperties": 1}"##, accepts: [##"{"a": 1}"##], rejects: ["{}"], keyword: "minProperties")
        try check(##"{"maxProperties": 1}"##, accepts: [##"{"a": 1}"##], rejects: [##"{"a": 1, "b": 2}"##], keyword: "maxProperties")
    }

    @Test func dependentRequired() throws {
        try check(##"{"dependentRequired": {"via": ["send"]}}"##, accepts: ["{}", ##"{"send": 1}"##, ##"{"via": 1, "send": 2}"##],
                  rejects: [##"{"via": 1}"##], keyword: "dependentRequired")
    }

    // MARK: Applicators

    @Test func reference() throws {
        let schema = ##"{"$defs": {"name": {"type": "string"}, "pair": {"type": "array", "items": {"$ref": "#/$defs/name"}}}, "$ref": "#/$defs/pair"}"##
        try check(schema, accepts: [##"["a"]"##], rejects: ["[1]"], keyword: "type")
        try check(schema, accepts: [], rejects: [##"{}"##], keyword: "type")
        // A recursive definition is fine as long as it consumes the instance.
        let tree = ##"{"$defs": {"t": {"type": "object", "additionalProperties": {"$ref": "#/$defs/t"}}}, "$ref": "#/$defs/t"}"##
        try check(tree, accepts: [##"{"a": {"b": {}}}"##], rejects: [##"{"a": {"b": 1}}"##], keyword: "type")
        // ~1 and ~0 in pointers.
        try check(##"{"$defs": {"a/b": {"const": 1}}, "$ref": "#/$defs/a~1b"}"##, accepts: ["1"], rejects: ["2"], keyword: "const")
    }

    @Test func allOf() throws {
        try check(##"{"allOf": [{"type": "integer"}, {"minimum": 2}]}"##, accepts: ["2"], rejects: ["1"], keyword: "minimum")
        try check(##"{"allOf": [{"type": "integer"}, {"minimum": 2}]}"##, accepts: [], rejects: [##""s""##], keyword: "type")
    }

    @Test func anyOf() throws {
        try check(##"{"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}"##,
                  accepts: [##""a""##, ##"["a"]"##], rejects: ["1", "[1]"], keyword: "anyOf")
    }

    @Test func oneOf() throws {
        let schema = ##"{"oneOf": [{"required": ["target"]}, {"required": ["handoff"]}]}"##
        try check(schema, accepts: [##"{"target": 1}"##, ##"{"handoff": 1}"##], rejects: ["{}", ##"{"target": 1, "handoff": 2}"##], keyword: "oneOf")
    }

    @Test func not() throws {
        try check(##"{"not": {"required": ["flow", "not-offered"]}}"##, accepts: [##"{"flow": 1}"##, "{}"],
                  rejects: [##"{"flow": 1, "not-offered": 2}"##], keyword: "not")
        try check(##"{"not": {"enum": ["session", "input"]}}"##, accepts: [##""x""##], rejects: [##""input""##], keyword: "not")
    }

    @Test func ifThenElse() throws {
        let schema = ##"{"if": {"properties": {"kind": {"const": "end"}}, "required": ["kind"]}, "then": {"required": ["outcome"]}, "else": {"required": ["next"]}}"##
        try check(schema, accepts: [##"{"kind": "end", "outcome": 1}"##, ##"{"kind": "x", "next": 1}"##, "3"], rejects: [##"{"kind": "end"}"##, "{}"], keyword: "required")
        try check(schema, accepts: [], rejects: [##"{"kind": "prompt"}"##], keyword: "required")
        try check(##"{"if": {"type": "string"}}"##, accepts: ["1", ##""a""##], rejects: [], keyword: "if")
    }

    @Test func booleanSchemas() throws {
        try check(##"{"properties": {"a": false, "b": true}}"##, accepts: [##"{"b": 1}"##], rejects: [##"{"a": 1}"##], keyword: "false")
    }

    @Test func annotationsDoNotValidate() throws {
        try check(##"{"title": "t", "description": "d", "markdownDescription": "m", "examples": [1], "default": 2, "$comment": "c", "deprecated": false}"##,
                  accepts: ["1", ##""x""##, "{}"], rejects: [], keyword: "")
    }

    @Test func failuresSayWhereAndWhy() throws {
        let schema = ##"{"$defs": {"mode": {"enum": ["dtmf", "text"]}}, "properties": {"input": {"properties": {"mode": {"$ref": "#/$defs/mode"}}}}}"##
        let failures = try validator(schema).validate(try json(##"{"input": {"mode": "dtm"}}"##))
        #expect(failures.count == 1)
        #expect(failures.first?.instancePath == "/input/mode")
        #expect(failures.first?.keyword == "enum")
        #expect(failures.first?.schemaPath == "#/$defs/mode/enum")
    }

    // MARK: Failing loudly

    @Test(arguments: [
        ##"{"format": "email"}"##,
        ##"{"prefixItems": [{}]}"##,
        ##"{"items": [{}]}"##,
        ##"{"contains": {}}"##,
        ##"{"unevaluatedProperties": false}"##,
        ##"{"dependentSchemas": {}}"##,
        ##"{"dependencies": {}}"##,
        ##"{"multipleOf": 2}"##,
        ##"{"$anchor": "a"}"##,
        ##"{"$dynamicRef": "#a"}"##,
        ##"{"requird": ["a"]}"##,
        ##"{"properties": {"a": {"patern": "x"}}}"##,
        ##"{"$defs": {"unused": {"errorMessage": "x"}}}"##,
        ##"{"$ref": "#/$defs/missing"}"##,
        ##"{"$ref": "other.json#/a"}"##,
        ##"{"$ref": "#anchor"}"##,
        ##"{"pattern": "("}"##,
        ##"{"patternProperties": {"(": {}}}"##,
        ##"{"then": {}}"##,
        ##"{"type": "text"}"##,
        ##"{"allOf": []}"##,
        ##"{"minLength": -1}"##,
        ##"{"properties": {"a": {"$id": "x"}}}"##,
        ##"{"$schema": "http://json-schema.org/draft-07/schema#"}"##,
        ##"{"properties": {"a": {"$schema": "https://json-schema.org/draft/2020-12/schema"}}}"##,
        ##"[]"##,
    ])
    func unsupportedSchemasThrow(schema: String) throws {
        #expect(throws: JSONSchemaValidator.SchemaError.self) { try JSONSchemaValidator(schema: try JSONValue.parse(schema)) }
    }

    @Test func refLoopsThrow() throws {
        let validator = try validator(##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##)
        #expect(throws: JSONSchemaValidator.SchemaError.self) { try validator.validate(.integer(1)) }
    }

    // MARK: JSON text

    @Test func parsesJSON() throws {
        let value = try json(##"{"a": [1, -2.5e1, "x\u00e9\ud83d\ude00\n", true, null], "b": {}}"##)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.name) == ["a", "b"])
        #expect(JSONValue.equal(value["a"]!, .array([.integer(1), .number(-25), .string("xé😀\n"), .bool(true), .null])))
        for bad in [##"{"a": 1, "a": 2}"##, "[1,]", "01", ##""\x""##, "{", "1 2", "tru"] {
            #expect(throws: JSONValue.ParseError.self, "\(bad)") { try JSONValue.parse(bad) }
        }
    }
}
