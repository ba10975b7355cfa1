// The YAML -> JSON reading used by the agreement test must be the editor's: YAML 1.2 core
// typing of plain scalars, quoted and block scalars as text, tags honoured, keys typed.

import Testing
@testable import FlowLoading

@Suite("YAML read as an editor reads it")
struct EditorJSONTests {
    func read(_ yaml: String) throws -> JSONValue {
        try EditorJSON.value(text: yaml)
    }

    /// The value of `a` in `a: <scalar>`.
    func scalar(_ text: String) throws -> JSONValue {
        try #require(try read("a: " + text)["a"])
    }

    @Test(arguments: [
        ("text", JSONValue.string("text")), ("1", .integer(1)), ("-7", .integer(-7)), ("+7", .integer(7)), ("007", .integer(7)),
        ("0x1F", .integer(31)), ("0o17", .integer(15)), ("1.0", .number(1)), ("2026.11", .number(2026.11)), (".5", .number(0.5)),
        ("1e3", .number(1000)), ("true", .bool(true)), ("False", .bool(false)), ("TRUE", .bool(true)), ("~", .null),
        ("null", .null), ("", .null), ("yes", .string("yes")), ("on", .string("on")), ("0XFF", .string("0XFF")),
        ("1_000", .string("1_000")), ("3m", .string("3m")), ("1h30m", .string("1h30m")), ("\"1.0\"", .string("1.0")),
        ("'true'", .string("true")), ("\"\"", .string("")), ("!!str 5", .string("5")), ("! 5", .string("5")),
        ("!!int 5", .integer(5)), ("|\n  5\n", .string("5\n")), (">-\n  a\n  b\n", .string("a b")),
    ])
    func plainScalarsAreTypedByYAML12(text: String, expected: JSONValue) throws {
        let value = try scalar(text)
        #expect(JSONValue.equal(value, expected) && value.typeName == expected.typeName, "\(text) -> \(value)")
    }

    /// YAML 1.2 core: `0x[0-9a-fA-F]+` and `0o[0-7]+` are integers; a sign after the
    /// prefix makes text, as yaml-language-server reads it. ScalarResolution reads these as
    /// integers (ScalarResolution.integer(_:), the `0x`/`0o` branches).
    @Test(arguments: ["0x-5", "0x+5", "0o-7", "0o+7"])
    func aSignAfterARadixPrefixIsText(text: String) throws {
        let value = try scalar(text)
        #expect(value.typeName == "string", "\(text) is text in YAML 1.2, read as \(value)")
    }

    @Test func keysKeepTheirYAMLType() throws {
        guard case .object(let members) = try read("true: 1\n\"false\": 2\n3: 3\n~: 4\nname: 5\n") else {
            Issue.record("not a mapping")
            return
        }
        #expect(members.map(\.name) == ["true", "false", "3", "null", "name"])
        #expect(members.map(\.key.typeName) == ["boolean", "string", "integer", "null", "string"])
    }

    @Test func aliasesMergesAndDuplicates() throws {
        let value = try read("base: &b { x: 1, y: 2 }\nuse: { <<: *b, y: 3 }\nlist: [*b]\n")
        #expect(JSONValue.equal(value["use"]!, try read("{ y: 3, x: 1 }")))
        #expect(JSONValue.equal(value["list"]!, .array([try read("{ x: 1, y: 2 }")])))
        // A repeated key is an error of its own (FM006); the first one is read.
        #expect(JSONValue.equal(try read("a: 1\na: 2\n"), try read("a: 1")))
    }
}
