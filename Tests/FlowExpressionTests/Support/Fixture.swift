import FoundationEssentials
import Testing

@testable import FlowExpression

/// The flow every test reads: a few variables of each type, two records, and their values.
enum Fixture {
    static let bill = RecordType(
        name: "bill",
        fields: [
            RecordField(name: "total", type: .decimal),
            RecordField(name: "due", type: .string),
            RecordField(name: "items", type: .list(.int)),
        ])
    static let session = RecordType(
        name: "session",
        fields: [
            RecordField(name: "channel", type: .string),
            RecordField(name: "brand", type: .string),
        ])

    static let scope = ExpressionScope([
        ScopeVariable(name: "input", slot: 0, type: .string),
        ScopeVariable(name: "amount", slot: 1, type: .decimal),
        ScopeVariable(name: "retries", slot: 2, type: .int),
        ScopeVariable(name: "verified", slot: 3, type: .bool),
        ScopeVariable(name: "msisdn", slot: 4, type: .string),
        ScopeVariable(name: "brands", slot: 5, type: .list(.string)),
        ScopeVariable(name: "counts", slot: 6, type: .list(.int)),
        ScopeVariable(name: "prices", slot: 7, type: .list(.decimal)),
        ScopeVariable(name: "bill", slot: 8, type: .record(bill)),
        ScopeVariable(name: "session", slot: 9, type: .record(session)),
        ScopeVariable(name: "pattern", slot: 10, type: .string),
    ])

    /// input '1', amount 250.00, retries 2, not verified, bill total 120.50; all set.
    static let environment = SlotEnvironment(values: [
        .string("1"),
        .decimal(decimal("250.00")),
        .int(2),
        .bool(false),
        .string("13912345678"),
        .list([.string("gotone"), .string("mzone")]),
        .list([.int(1), .int(2), .int(3)]),
        .list([.decimal(decimal("9.99")), .decimal(decimal("19.99"))]),
        .record([.decimal(decimal("120.50")), .string("2024-06-01"), .list([.int(1), .int(2)])]),
        .record([.string("ivr"), .string("mzone")]),
        .string("^1[0-9]+$"),
    ])

    /// An exact decimal from its text (a float literal would go through Double).
    static func decimal(_ text: String) -> Decimal {
        LiteralText.parseDecimal(text) ?? .nan
    }
}

/// Compiles `text` against the fixture scope, failing the test if it does not compile.
func compiled(
    _ text: String, expecting: ExpressionType? = nil, sourceLocation: SourceLocation = #_sourceLocation
) throws -> CheckedExpression {
    let result = CheckedExpression.compile(text, in: Fixture.scope, expecting: expecting)
    if case .failure(let problems) = result {
        Issue.record("'\(text)' did not compile:\n\(problems)", sourceLocation: sourceLocation)
    }
    return try #require(try? result.get(), sourceLocation: sourceLocation)
}

/// The problems compiling `text` reports; empty when it compiles.
func problems(_ text: String, expecting: ExpressionType? = nil) -> [ExpressionError] {
    switch CheckedExpression.compile(text, in: Fixture.scope, expecting: expecting) {
    case .success: []
    case .failure(let problems): problems.errors
    }
}

/// The one problem compiling `text` reports, failing the test if there is not exactly one.
func problem(
    _ text: String, expecting: ExpressionType? = nil, sourceLocation: SourceLocation = #_sourceLocation
) throws -> ExpressionError {
    let found = problems(text, expecting: expecting)
    #expect(found.count == 1, "expected one problem in '\(text)', got \(found)", sourceLocation: sourceLocation)
    return try #require(found.first, sourceLocation: sourceLocation)
}

/// The value of `text` in `environment` (the fixture's by default).
func value(
    _ text: String, in environment: SlotEnvironment = Fixture.environment,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> Value {
    try compiled(text, sourceLocation: sourceLocation).evaluate(in: environment)
}

/// The evaluation error `text` gives, failing the test if it evaluates without one.
func evaluationError(
    _ text: String, in environment: SlotEnvironment = Fixture.environment,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> EvaluationError {
    let expression = try compiled(text, sourceLocation: sourceLocation)
    switch Result(catching: { () throws(EvaluationError) in try expression.evaluate(in: environment) }) {
    case .success(let result):
        Issue.record("'\(text)' evaluated to \(result) instead of failing", sourceLocation: sourceLocation)
        return EvaluationError(message: "no error", range: at(0, 0))
    case .failure(let error):
        return error
    }
}

/// A range from offsets, as the tests write them.
func at(_ start: Int, _ end: Int) -> ExpressionRange {
    ExpressionRange(start: start, end: end)
}
