import Testing

@testable import FlowExpression

/// The small public types around evaluation: zero values and the slot environment.
@Suite("Values and environments")
struct EnvironmentTests {
    @Test("the zero value of each type")
    func zeroValues() {
        #expect(Value.zero(of: .bool) == .bool(false))
        #expect(Value.zero(of: .int) == .int(0))
        #expect(Value.zero(of: .decimal) == .decimal(0))
        #expect(Value.zero(of: .string) == .string(""))
        #expect(Value.zero(of: .list(.int)) == .list([]))
        #expect(Value.zero(of: .record(Fixture.bill)) == .record([.decimal(0), .string(""), .list([])]))
    }

    @Test("decimals are equal and hash alike by value")
    func decimalEquality() {
        let a = Value.decimal(Fixture.decimal("1.5"))
        let b = Value.decimal(Fixture.decimal("1.50"))
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Value.int(1) != .decimal(1))
    }

    @Test("a slot environment made from a scope holds zero values, none of them set")
    func environmentFromScope() throws {
        var environment = SlotEnvironment(scope: Fixture.scope)
        #expect(environment.value(ofSlot: 2) == .int(0))
        #expect(!environment.isSet(slot: 2))
        #expect(try compiled("has(retries)").evaluate(in: environment) == .bool(false))
        environment[2] = .int(5)
        #expect(environment.isSet(slot: 2))
        #expect(try compiled("retries * 2").evaluate(in: environment) == .int(10))
    }

    @Test("assigning past the end grows the environment; reading past it is not a crash")
    func growing() {
        var environment = SlotEnvironment(values: [])
        environment[3] = .string("x")
        #expect(environment.values.count == 4)
        #expect(environment.isSet(slot: 3))
        #expect(!environment.isSet(slot: 0))
        #expect(!environment.isSet(slot: 99))
        #expect(environment.value(ofSlot: -1) == .record([]))
    }

    @Test("values given without a set-list all count as set")
    func allSet() {
        let environment = SlotEnvironment(values: [.int(1), .int(2)], setSlots: [1])
        #expect(!environment.isSet(slot: 0))
        #expect(environment.isSet(slot: 1))
        #expect(SlotEnvironment(values: [.int(1)]).isSet(slot: 0))
    }

    @Test("errors describe themselves with their range")
    func errorDescriptions() {
        let error = ExpressionError(kind: .typeMismatch, message: "m", range: at(1, 2))
        #expect(error.description == "1..<2: m")
        #expect(ExpressionErrors([error, error]).description == "1..<2: m\n1..<2: m")
        #expect(EvaluationError(message: "division by zero", range: at(0, 5)).description == "0..<5: division by zero")
    }
}
