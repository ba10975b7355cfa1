@testable import FlowService
import Foundation
import Testing

/// The request log line's duration: milliseconds with three decimals, as `%.3f` wrote them.
@Suite struct RequestLogTests {
    @Test(arguments: [
        (Duration.nanoseconds(6_692_000), "6.692"), (.nanoseconds(6_691_600), "6.692"), (.nanoseconds(499), "0.000"),
        (.nanoseconds(500), "0.001"), (.milliseconds(40), "40.000"), (.seconds(2) + .microseconds(5), "2000.005"),
        (.zero, "0.000"),
    ])
    func durationsAreWrittenInMillisecondsWithThreeDecimals(duration: Duration, text: String) {
        #expect(duration.millisecondsText == text)
    }
}

/// A JSON value in a body (variables, task results, event data) keeps its JSON kind.
@Suite struct JSONValueTests {
    @Test func eachKindDecodesAsItselfAndNothingElse() throws {
        let body = #"""
            {"text": "13800138000", "digits": "1", "yes": "true", "flag": true, "count": 100, "amount": 56.8,
             "negative": -3, "nothing": null, "list": [1, "a", false], "object": {"a": {"b": [2.5]}}}
            """#
        let decoded = try JSONDecoder().decode([String: JSONValue].self, from: Data(body.utf8))
        #expect(decoded == [
            "text": .string("13800138000"), "digits": .string("1"), "yes": .string("true"), "flag": .bool(true),
            "count": .int(100), "amount": .decimal(Decimal(string: "56.8")!), "negative": .int(-3), "nothing": .null,
            "list": .list([.int(1), .string("a"), .bool(false)]),
            "object": .object(["a": .object(["b": .list([.decimal(Decimal(string: "2.5")!)])])]),
        ])
    }
}
