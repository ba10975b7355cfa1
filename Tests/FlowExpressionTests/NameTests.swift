import Testing

@testable import FlowExpression

/// Names, fields and functions: what is not declared is reported with a did-you-mean when a
/// declared name is close (Damerau-Levenshtein distance at most max(1, length / 3)).
@Suite("Names and suggestions")
struct NameTests {
    @Test("an undeclared variable is reported with the closest declared name")
    func undeclaredVariable() throws {
        let error = try problem("amout > 100")
        #expect(error.kind == .undeclaredName)
        #expect(error.message == "'amout' is not declared")
        #expect(error.range == at(0, 5))
        #expect(error.suggestion == "amount")
        #expect(error.description == "0..<5: 'amout' is not declared; did you mean 'amount'?")
    }

    @Test(
        "close misspellings find the declared name",
        arguments: [
            ("amuont", "amount"),  // two neighbours swapped count as one edit
            ("Input", "input"), ("retires", "retries"), ("retrie", "retries"), ("msisd", "msisdn"),
            ("sesion", "session"), ("verifed", "verified"),
        ])
    func suggestions(written: String, meant: String) throws {
        #expect(try problem(written).suggestion == meant)
    }

    // `retry` is two edits from `retries`, more than a five-letter name allows.
    @Test(
        "a name far from every declared one gets no suggestion",
        arguments: ["timeout", "x", "retry", "totally_unrelated"])
    func noSuggestion(written: String) throws {
        let error = try problem(written)
        #expect(error.message == "'\(written)' is not declared")
        #expect(error.suggestion == nil)
    }

    @Test("two undeclared names give two errors, in text order")
    func twoUndeclaredNames() {
        let found = problems("amout > 1 && inptu == '2'")
        #expect(found.map(\.message) == ["'amout' is not declared", "'inptu' is not declared"])
        #expect(found.map(\.range) == [at(0, 5), at(13, 18)])
        #expect(found.map(\.suggestion) == ["amount", "input"])
    }

    @Test("a misspelt field names the record and suggests the field")
    func misspeltField() throws {
        let error = try problem("bill.totl > 0")
        #expect(error.kind == .undeclaredName)
        #expect(error.message == "record 'bill' has no field 'totl'")
        #expect(error.range == at(5, 9))
        #expect(error.suggestion == "total")
    }

    @Test("a misspelt method is an unknown function with the method suggested")
    func misspeltMethod() throws {
        let error = try problem("input.startswith('1')")
        #expect(error.kind == .unknownFunction)
        #expect(error.message == "string has no method 'startswith'")
        #expect(error.range == at(6, 16))
        #expect(error.suggestion == "startsWith")
    }

    @Test("a misspelt function is an unknown function with the function suggested")
    func misspeltFunction() throws {
        let error = try problem("sise(input) > 1")
        #expect(error.kind == .unknownFunction)
        #expect(error.message == "unknown function 'sise'")
        #expect(error.range == at(0, 4))
        #expect(error.suggestion == "size")
    }

    @Test("a method called as a function, or a function as a method, says how to call it")
    func wrongCallForm() throws {
        #expect(
            try problem("startsWith(input, '1')").message
                == "'startsWith' is a method: call it on a value, as in x.startsWith(...)")
        #expect(try problem("input.int()").message == "'int' is a function, not a method: write int(x)")
    }

    @Test("the arguments of an unknown function are still checked")
    func argumentsOfUnknownFunction() {
        #expect(problems("frobnicate(amout)").map(\.kind) == [.unknownFunction, .undeclaredName])
    }

    @Test("the slots an expression reads are listed, has() included")
    func referencedSlots() throws {
        #expect(try compiled("retries + 1 > 3 && has(bill.total)").referencedSlots == [2, 8])
        #expect(try compiled("1 + 1").referencedSlots == [])
    }

    @Test("a scope keeps the first declaration of a repeated name")
    func scopeLookup() {
        let scope = ExpressionScope([
            ScopeVariable(name: "a", slot: 0, type: .int), ScopeVariable(name: "a", slot: 1, type: .string),
            ScopeVariable(name: "b", slot: 2, type: .bool),
        ])
        #expect(scope.names == ["a", "b"])
        #expect(scope.lookup("a")?.slot == 0)
        #expect(scope.lookup("c") == nil)
    }

    @Test("the edit distance counts a swap of neighbours as one edit")
    func editDistance() {
        #expect(DidYouMean.distance(Array("amount"), Array("amuont")) == 1)
        #expect(DidYouMean.distance(Array("kitten"), Array("sitting")) == 3)
        #expect(DidYouMean.distance(Array(""), Array("abc")) == 3)
        #expect(DidYouMean.suggestion(for: "startswith", among: BuiltinNames.methods) == "startsWith")
    }
}
