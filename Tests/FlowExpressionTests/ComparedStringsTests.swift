import Testing

@testable import FlowExpression

/// The texts a guard waits for, as tools that make up input read them.
@Suite struct ComparedStringsTests {
    private func strings(_ text: String) throws -> [String] {
        try CheckedExpression.compile(text, in: Fixture.scope, expecting: .bool).get().comparedStrings
    }

    @Test func equalityOperandsAndListItemsInTheOrderWritten() throws {
        #expect(try strings("input.trim().upper() == 'CXYE' || input in ['1', '2']") == ["CXYE", "1", "2"])
        #expect(try strings("'2' != input && !(msisdn == '10086')") == ["2", "10086"])
    }

    @Test func stringsNotComparedAreLeftOut() throws {
        // Arguments of functions, concatenations and patterns are not texts a guard waits for.
        #expect(try strings("input.startsWith('9') && input + 'x' == pattern") == [])
        #expect(try strings("retries > 2 && bill.due < '2026-01-01'") == [])
        #expect(try strings("input.matches('^[0-9]+$')") == [])
    }
}
