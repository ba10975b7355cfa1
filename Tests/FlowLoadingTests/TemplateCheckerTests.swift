import FlowExpression
import FlowModel
import Testing

@testable import FlowLoading

/// Templates are checked by swift-mustache; plain variable tags take a fast path that
/// must give exactly the same answers.
@Suite struct TemplateCheckerTests {
    static let checker = TemplateChecker(variables: [
        VariableDeclaration(name: "amount", type: .decimal, maxLength: 8, location: .start(of: "t")),
        VariableDeclaration(name: "month", type: .string, maxLength: 2, location: .start(of: "t")),
        VariableDeclaration(name: "count", type: .int, location: .start(of: "t")),
        VariableDeclaration(name: "vip", type: .bool, location: .start(of: "t")),
        VariableDeclaration(
            name: "bill", type: .record(RecordType(name: "bill", fields: [RecordField(name: "total", type: .decimal)])),
            location: .start(of: "t")),
    ])

    static let simple = [
        "您{{month}}的话费为{{amount}}元。", "{{ amount }}", "{{amount}}{{month}}", "共{{count}}项", "{{bill.total}}元",
        "{{session.channel}}", "{{input}}", "{{month}}}", "单括号 }}",
    ]

    static let general = [
        "{{#vip}}尊敬的客户{{/vip}}", "{{^vip}}您好{{/vip}}", "{{{month}}}", "{{&month}}", "{{! 注释 }}", "{{vip}}",
        "{{amout}}", "{{bill.totl}}", "{{bill}}", "{{#vip}}{{month}}", "{{month", "{{ }}", "{{a-b}}", "{{> partial}}", "结尾{", "{ 单括号 }}",
    ]

    @Test(arguments: simple)
    func fastPathAgreesWithMustache(_ template: String) throws {
        let fast = try #require(Self.checker.checkSimple(template), "expected the fast path for \(template)")
        let full = Self.checker.checkWithMustache(template)
        #expect(fast.problems == full.problems)
        #expect(fast.names == full.names)
        #expect(fast.longestRendering == full.longestRendering)
    }

    @Test(arguments: general)
    func everythingElseGoesToMustache(_ template: String) {
        #expect(Self.checker.checkSimple(template) == nil, "\(template)")
        let checked = Self.checker.check(template)
        let full = Self.checker.checkWithMustache(template)
        #expect(checked.problems == full.problems)
        #expect(checked.names == full.names)
    }

    @Test func theLongestRenderingCountsEachVariableAtItsMaxLength() {
        let result = Self.checker.check("您{{month}}的话费为{{amount}}元，共{{count}}项。")
        #expect(result.longestRendering == "您00的话费为00000000元，共0000000000项。")
        #expect(result.names == ["month", "amount", "count"])
    }

    @Test func undeclaredNamesGetASuggestion() {
        let problems = Self.checker.check("{{amout}}元").problems
        #expect(problems.count == 1)
        #expect(problems.first?.suggestion == "amount")
        let field = Self.checker.check("{{bill.totl}}").problems
        #expect(field.first?.kind == .undeclared(name: "bill.totl"))
        #expect(field.first?.suggestion == "total")
    }

    @Test func namesInsideSectionsAreFoundOnBothSides() {
        let result = Self.checker.check("{{#vip}}{{month}}{{/vip}}{{^vip}}{{amount}}{{/vip}}")
        #expect(result.problems.isEmpty)
        #expect(result.names == ["vip", "month", "amount"])
    }

    @Test func syntaxErrorsAreReported() {
        let problems = Self.checker.check("您好{{#vip}}").problems
        #expect(problems.count == 1)
        if case .syntax = problems.first?.kind {} else { Issue.record("expected a syntax problem") }
    }
}
