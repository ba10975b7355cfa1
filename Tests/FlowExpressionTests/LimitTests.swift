import Testing

@testable import FlowExpression

/// Hostile or accidental input: deep nesting and long text are refused with a syntax error
/// instead of exhausting the stack or the time of whoever loads the flow.
@Suite("Limits")
struct LimitTests {
    static let tooDeep = "the expression is nested too deeply (more than 64 levels)"

    @Test("64 levels of nesting are accepted")
    func deepestAccepted() throws {
        #expect(try value(String(repeating: "(", count: 63) + "1" + String(repeating: ")", count: 63)) == .int(1))
        #expect(try value(String(repeating: "!", count: 62) + "verified") == .bool(false))
        #expect(try value(Array(repeating: "1", count: 64).joined(separator: " + ")) == .int(64))
        #expect(try compiled(String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).type != .bool)
    }

    @Test(
        "one level more is refused with a syntax error",
        arguments: [
            String(repeating: "(", count: 64) + "1" + String(repeating: ")", count: 64),
            String(repeating: "!", count: 64) + "verified",
            String(repeating: "-", count: 64) + "retries",
            Array(repeating: "1", count: 65).joined(separator: " + "),
            Array(repeating: "verified", count: 65).joined(separator: " || "),
            String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
            String(repeating: "size(", count: 70) + "input" + String(repeating: ")", count: 70),
            Array(repeating: "verified ? 1 :", count: 70).joined(separator: " ") + " 2",
            "session" + String(repeating: ".channel", count: 70),
        ])
    func tooDeepIsRefused(text: String) throws {
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.kind == .syntax)
        #expect(found.first?.message == Self.tooDeep)
    }

    @Test(
        "thousands of openers are refused, not a stack overflow",
        arguments: ["(", "!", "-", "[", "size(", "input.lower().upper(", "verified ? 1 : "])
    func hostileNesting(opener: String) {
        let text = String(String(repeating: opener, count: 4_000).unicodeScalars.prefix(4_096))
        let found = problems(text)
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.range.start >= 0 && $0.range.end <= 4_096 })
    }

    @Test("4,096 characters are accepted; one more is refused before reading")
    func length() throws {
        let longest = "'" + String(repeating: "a", count: 4_094) + "'"
        #expect(try compiled(longest).type == .string)
        let error = try problem(longest + " ")
        #expect(error.kind == .syntax)
        #expect(error.message == "the expression is longer than 4096 characters")
        #expect(error.range == at(4_096, 4_097))
        #expect(CheckedExpression.maximumLength == 4_096)
        #expect(CheckedExpression.maximumDepth == 64)
    }

    @Test("a very long chain of errors is still reported quickly and without crashing")
    func manyErrors() {
        let text = String(repeating: "'\\q' + ", count: 500) + "1"
        #expect(problems(text).count > 1)
    }
}
