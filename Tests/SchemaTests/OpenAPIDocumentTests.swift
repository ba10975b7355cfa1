// The engine service's OpenAPI document (Schemas/flowmap-api.yaml): its schemas are plain
// JSON Schema 2020-12 (every keyword one the validator runs; OpenAPI's `discriminator`, an
// annotation in 3.1, set aside), and every example in it, taken from real answers,
// validates against the schema beside it. The routes' agreement with the document is
// Tests/FlowServiceTests/OpenAPIAgreementTests.

import Foundation
import Testing

@Suite("The OpenAPI document's schemas and examples")
struct OpenAPIDocumentTests {
    let document: JSONValue
    /// components/schemas as `$defs`, references rewritten to `#/$defs/...`.
    let definitions: JSONValue

    init() throws {
        document = try EditorJSON.read(path: Library.root + "/Schemas/flowmap-api.yaml")
        definitions = Self.asSchema(document["components"]?["schemas"] ?? .object([]))
    }

    /// OpenAPI's references into components/schemas as JSON Schema's `$defs`, without
    /// `discriminator` (which only names the property `oneOf` already decides on).
    static func asSchema(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.compactMap { member in
                if member.name == "discriminator" { return nil }
                if member.name == "$ref", case .string(let reference) = member.value {
                    let rewritten = reference.replacing("#/components/schemas/", with: "#/$defs/")
                    return JSONMember(name: "$ref", value: .string(rewritten))
                }
                return JSONMember(name: member.name, key: member.key, value: asSchema(member.value))
            })
        case .array(let items):
            return .array(items.map(asSchema))
        default:
            return value
        }
    }

    /// A validator for one schema of the document, with every component schema beside it.
    func validator(_ schema: JSONValue) throws -> JSONSchemaValidator {
        guard case .object(var members) = Self.asSchema(schema) else { throw JSONSchemaValidator.SchemaError(schemaPath: "#", message: "not an object") }
        members.append(JSONMember(name: "$defs", value: definitions))
        return try JSONSchemaValidator(schema: .object(members))
    }

    /// `value`, or what its `$ref` (`#/components/...`) points at.
    func dereferenced(_ value: JSONValue) throws -> JSONValue {
        guard case .string(let reference)? = value["$ref"] else { return value }
        var node = document
        for token in reference.dropFirst(2).split(separator: "/") {
            guard let next = node[String(token)] else {
                throw JSONSchemaValidator.SchemaError(schemaPath: reference, message: "does not resolve")
            }
            node = next
        }
        return try dereferenced(node)
    }

    /// Every media type of every request body and response: where, its schema, its examples.
    func mediaTypes() throws -> [(place: String, schema: JSONValue, examples: [(name: String, value: JSONValue)])] {
        var found: [(String, JSONValue, [(String, JSONValue)])] = []
        guard case .object(let paths)? = document["paths"] else { return [] }
        for path in paths {
            guard case .object(let operations) = path.value else { continue }
            for operation in operations where operation.value["responses"] != nil {
                var bodies: [(String, JSONValue)] = []
                if let request = operation.value["requestBody"] { bodies.append(("request", request)) }
                if case .object(let responses)? = operation.value["responses"] {
                    bodies += responses.map { ($0.name, $0.value) }
                }
                for (label, body) in bodies {
                    guard case .object(let contents)? = try dereferenced(body)["content"] else { continue }
                    for content in contents {
                        guard let schema = content.value["schema"] else { continue }
                        var examples: [(String, JSONValue)] = []
                        if case .object(let named)? = content.value["examples"] {
                            for example in named {
                                if let value = try dereferenced(example.value)["value"] { examples.append((example.name, value)) }
                            }
                        }
                        found.append(("\(operation.name) \(path.name) \(label) \(content.name)", schema, examples))
                    }
                }
            }
        }
        return found
    }

    @Test func theSchemasArePlainJSONSchema2020_12() throws {
        let all = try JSONSchemaValidator(
            schema: .object([
                JSONMember(name: "$schema", value: .string(JSONSchemaValidator.dialect)),
                JSONMember(name: "$defs", value: definitions),
            ]))
        guard case .object(let schemas)? = all.root["$defs"] else {
            Issue.record("no components/schemas")
            return
        }
        #expect(schemas.count >= 25)
        for media in try mediaTypes() { _ = try validator(media.schema) }
    }

    @Test func everyExampleValidatesAgainstItsSchema() throws {
        var validated = 0
        for media in try mediaTypes() {
            let validator = try validator(media.schema)
            for example in media.examples {
                let failures = try validator.validate(example.value)
                #expect(failures.isEmpty, "\(media.place) example \(example.name):\n\(failures.map(\.description).joined(separator: "\n"))")
                validated += 1
            }
        }
        // By hand: start 7 (a body, 201, 400, 401, 403, 404, 422), events 6 (two bodies,
        // 200, 400, 401, 404), session 3 (200, 401, 404), contact point 3 (200, 401, 404),
        // health and ready 1 each: 21. A shared refusal counts at each use: the 401 example
        // in the 21 other /v1 operations, the 404 unknown-session in actions, end, stream
        // and the audit session (4), the 400 of end, lint and publish (3); and the bodies
        // of end, key creation, a campaign and an inspection (4): 21 + 21 + 4 + 3 + 4 = 53.
        #expect(validated == 53)
    }

    /// The schemas refuse what the service never answers: the checks above can fail.
    @Test func theSchemasRefuseAnswersOfTheWrongShape() throws {
        let answer = try validator(.object([JSONMember(name: "$ref", value: .string("#/components/schemas/EventAnswer"))]))
        let example = try #require(document["components"]?["examples"]?["StartedIVR"])
        let started = try #require(example["value"])
        #expect(try answer.accepts(started))
        guard case .object(let members) = started else { return }
        #expect(try !answer.accepts(.object(members.filter { $0.name != "actions" })), "no actions")
        let sayWithoutText = JSONValue.object([JSONMember(name: "type", value: .string("say"))])
        let withBadAction = members.map { $0.name == "actions" ? JSONMember(name: "actions", value: .array([sayWithoutText])) : $0 }
        #expect(try !answer.accepts(.object(withBadAction)), "a say without text")

        let error = try validator(.object([JSONMember(name: "$ref", value: .string("#/components/schemas/Error"))]))
        let made = { (code: String) in
            JSONValue.object([
                JSONMember(
                    name: "error",
                    value: .object([
                        JSONMember(name: "code", value: .string(code)), JSONMember(name: "message", value: .string("m")),
                    ])),
            ])
        }
        #expect(try error.accepts(made("unknown-session")))
        #expect(try !error.accepts(made("no-such-code")))
    }
}
