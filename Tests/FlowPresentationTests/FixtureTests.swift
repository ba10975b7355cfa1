import FlowLoading
import Testing

@Suite("Fixture library")
struct FixtureTests {
    @Test("the fixture library is lint-clean")
    func lintClean() {
        #expect(Fixtures.library.diagnostics.map(\.formatted) == [])
        #expect(Fixtures.library.flows.map(\.id).sorted() == ["bill-inquiry.ivr", "bill-inquiry.phone", "top-up.ivr"])
    }
}
