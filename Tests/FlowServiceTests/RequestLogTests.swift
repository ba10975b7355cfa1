@testable import FlowService
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
