// The schemas' vocabulary is the loader's: the keys each mapping allows, each kind's keys,
// the enumerations. These hold even where no fixture exercises a key, and they are what
// completion offers in the editor. Also: every property is documented for hover and
// completion, and the schemas are plain 2020-12.

import FlowModel
import Foundation
import Testing
@testable import FlowLoading

@Suite("Schema vocabulary matches the decoder")
struct SchemaShapeTests {
    let flow: JSONSchemaValidator
    let map: JSONSchemaValidator

    init() throws {
        flow = try Library.validator("flow.schema.json")
        map = try Library.validator("flowmap.schema.json")
    }

    /// The property names a (resolved) schema object declares.
    func propertyNames(_ schema: JSONValue, _ validator: JSONSchemaValidator) throws -> Set<String> {
        var schema = schema
        if case .string(let reference)? = schema["$ref"] { schema = try validator.resolve(reference) }
        guard case .object(let members)? = schema["properties"] else { return [] }
        return Set(members.map(\.name))
    }

    func definition(_ name: String, in validator: JSONSchemaValidator) throws -> JSONValue {
        try validator.resolve("#/$defs/" + name)
    }

    func enumeration(_ schema: JSONValue?) -> Set<String> {
        guard case .array(let values)? = schema?["enum"] else { return [] }
        return Set(values.compactMap { if case .string(let text) = $0 { text } else { nil } })
    }

    /// What completion offers inside a state whose kind is `kind`: the state schema's own
    /// properties, plus those of every `then` whose `if` holds for `{kind: ...}`, as
    /// yaml-language-server collects them.
    func completion(forKind kind: String) throws -> Set<String> {
        let state = try definition("state", in: flow)
        var offered = try propertyNames(state, flow)
        let instance = JSONValue.object([JSONMember(name: "kind", value: .string(kind))])
        guard case .array(let rules)? = state["allOf"] else { return offered }
        for rule in rules {
            guard let condition = rule["if"], let then = rule["then"] else { continue }
            let probe = try JSONSchemaValidator(schema: condition.withDefinitions(from: flow.root))
            if try probe.accepts(instance) { offered.formUnion(try propertyNames(then, flow)) }
        }
        return offered
    }

    @Test func flowTopLevelKeys() throws {
        #expect(try propertyNames(flow.root, flow) == Set(FlowDecoder.topLevelKeys))
    }

    @Test(arguments: StateKind.names)
    func completionOffersOnlyTheKindsKeys(kind: String) throws {
        var expected = Set(StateDecoder.commonKeys + (StateDecoder.kindKeys[kind] ?? []))
        // The designer guide: transitions are "allowed in transitions: on every kind but
        // decision and end". The decoder rejects a decision's transitions (FM101) but only
        // when the list is not empty, so the schema leaves the key out for decisions. End
        // states keep it: their transitions are the graph rule FM209, not a shape problem.
        if kind == "decision" { expected.remove("transitions") }
        #expect(try completion(forKind: kind) == expected)
        // Every kind's own definition lists exactly those keys, with no others allowed.
        let own = try definition(kind + "State", in: flow)
        #expect(try propertyNames(own, flow) == expected)
        #expect(own["additionalProperties"].map { JSONValue.equal($0, .bool(false)) } == true)
    }

    @Test func kindsAndVocabularies() throws {
        let stateKind = try definition("state", in: flow)["properties"]?["kind"]
        #expect(enumeration(stateKind) == Set(StateKind.names))
        #expect(enumeration(flow.root["properties"]?["category"]) == Set(FlowCategory.allCases.map(\.rawValue)))
        #expect(enumeration(flow.root["properties"]?["mode"]) == Set(InteractionMode.allCases.map(\.rawValue)))
        #expect(enumeration(try definition("endState", in: flow)["properties"]?["outcome"]) == Set(EndOutcome.allCases.map(\.rawValue)))
        #expect(enumeration(try definition("input", in: flow)["properties"]?["mode"]) == Set(InputMode.allCases.map(\.rawValue)))
        #expect(enumeration(try definition("capability", in: flow)) == Set(Capability.allCases.map(\.rawValue)))
        #expect(enumeration(try definition("typeName", in: flow)) == Set(VariableDecoder.typeNames))
        #expect(enumeration(try definition("category", in: map)) == Set(FlowCategory.allCases.map(\.rawValue)))
        #expect(enumeration(try definition("capability", in: map)) == Set(Capability.allCases.map(\.rawValue)))
        #expect(enumeration(try definition("channel", in: map)["properties"]?["mode"]) == Set(InteractionMode.allCases.map(\.rawValue)))
        let builtins = try definition("variables", in: flow)["propertyNames"]?["not"]
        #expect(enumeration(builtins) == Set(FlowScope.builtinNames))
    }

    @Test func nestedKeySets() throws {
        #expect(try propertyNames(try definition("variableDeclaration", in: flow), flow) == Set(VariableDecoder.keys))
        #expect(try propertyNames(try definition("input", in: flow), flow) == Set(CollectDecoder.inputKeys))
        #expect(try propertyNames(try definition("retry", in: flow), flow) == Set(StateDecoder.messageKeys + ["max", "then", "set"]))
        #expect(try propertyNames(try definition("transition", in: flow), flow) == ["on", "when", "to", "set", "note"])
        #expect(try propertyNames(try definition("handler", in: flow), flow) == ["on", "when", "to", "set", "note", "except"])
        #expect(try propertyNames(try definition("option", in: flow), flow) == ["key", "label", "to", "set", "when", "note"])
        #expect(try propertyNames(map.root, map) == Set(FlowMapDecoder.topLevelKeys))
    }

    @Test("every property has a title, a description and a markdownDescription", arguments: ["flow.schema.json", "flowmap.schema.json"])
    func propertiesAreDocumented(schemaName: String) throws {
        let validator = try Library.validator(schemaName)
        var undocumented: [String] = []
        func visit(_ value: JSONValue, _ path: String) {
            switch value {
            case .object(let members):
                for member in members {
                    let here = path + "/" + JSONSchemaValidator.escape(member.name)
                    if member.name == "properties", case .object(let properties) = member.value,
                        !path.hasSuffix("/if") && !path.contains("/if/")
                    {
                        for property in properties {
                            for key in ["title", "description", "markdownDescription"] where property.value[key] == nil {
                                undocumented.append("\(here)/\(property.name) has no \(key)")
                            }
                        }
                    }
                    visit(member.value, here)
                }
            case .array(let items):
                for (index, item) in items.enumerated() { visit(item, path + "/\(index)") }
            default:
                break
            }
        }
        visit(validator.root, "#")
        #expect(undocumented.isEmpty, "\(undocumented.joined(separator: "\n"))")
    }

    @Test("schemas declare draft 2020-12, an $id, a title and a description", arguments: ["flow.schema.json", "flowmap.schema.json"])
    func schemaHeader(schemaName: String) throws {
        let root = try Library.validator(schemaName).root
        #expect(root["$schema"].map { JSONValue.equal($0, .string(JSONSchemaValidator.dialect)) } == true)
        for key in ["$id", "title", "description", "markdownDescription", "$defs"] {
            #expect(root[key] != nil, "\(schemaName) has no \(key)")
        }
    }
}

extension JSONValue {
    /// This schema with the `$defs` of `root`, so that its `$ref`s resolve on its own.
    func withDefinitions(from root: JSONValue) -> JSONValue {
        guard case .object(var members) = self, let definitions = root["$defs"] else { return self }
        members.append(JSONMember(name: "$defs", value: definitions))
        return .object(members)
    }
}
