import FlowModel
import Testing

@testable import FlowLoading

/// The small readers the decoders stand on: YAML 1.2 scalars, durations, SMS length, suggestions.
@Suite struct ValueParsingTests {
    @Test(arguments: [
        ("", ScalarResolution.null), ("~", .null), ("null", .null), ("NULL", .null),
        ("true", .bool(true)), ("False", .bool(false)), ("yes", .string), ("on", .string),
        ("42", .int(42)), ("-7", .int(-7)), ("+3", .int(3)), ("0x1F", .int(31)), ("0o17", .int(15)),
        ("1.0", .float(1.0)), ("1.10", .float(1.1)), (".5", .float(0.5)), ("1e3", .float(1000)), ("-2.5E-1", .float(-0.25)),
        ("101", .int(101)), ("2026.11", .float(2026.11)), ("1.2.3", .string), ("3m", .string), ("0x", .string),
        ("话费", .string), ("-", .string), (".", .string),
    ])
    func plainScalarsAreTypedAsYAML12Core(_ text: String, _ expected: ScalarResolution) {
        #expect(ScalarResolution.resolve(text) == expected, "\(text)")
    }

    @Test(arguments: [
        ("500ms", 500), ("5s", 5000), ("3m", 180_000), ("24h", 86_400_000), ("2d", 172_800_000),
        ("1h30m", 5_400_000), ("1m30s500ms", 90_500),
    ])
    func durationsParse(_ text: String, _ milliseconds: Int64) {
        #expect(FlowDuration(parsing: text)?.milliseconds == milliseconds)
        #expect(FlowDuration(parsing: FlowDuration(milliseconds: milliseconds).description)?.milliseconds == milliseconds)
    }

    @Test(arguments: ["", "5", "s", "5 s", "3 min", "1.5h", "-5s", "5x", "9999999999s"])
    func malformedDurationsDoNot(_ text: String) {
        #expect(FlowDuration(parsing: text) == nil, "\(text)")
    }

    @Test func smsLengthCountsGSM7AndUCS2AsOperatorsDo() {
        let ascii = String(repeating: "a", count: 160)
        #expect(SMSLength(ascii).encoding == .gsm7)
        #expect(SMSLength(ascii).segments == 1)
        #expect(SMSLength(ascii + "a").segments == 2)
        #expect(SMSLength(String(repeating: "a", count: 306)).segments == 2)
        #expect(SMSLength(String(repeating: "a", count: 307)).segments == 3)
        // Extension characters take two septets.
        #expect(SMSLength("{[]}").units == 8)
        #expect(SMSLength("€").encoding == .gsm7)
        let chinese = String(repeating: "话", count: 70)
        #expect(SMSLength(chinese).encoding == .ucs2)
        #expect(SMSLength(chinese).segments == 1)
        #expect(SMSLength(chinese + "费").segments == 2)
        #expect(SMSLength(String(repeating: "话", count: 134)).segments == 2)
        #expect(SMSLength(String(repeating: "话", count: 135)).segments == 3)
        // One Chinese character makes the whole text UCS-2; an emoji counts two UTF-16 units.
        #expect(SMSLength("Balance 话").units == 9)
        #expect(SMSLength("😀").units == 2)
        #expect(SMSLength("").segments == 0)
    }

    @Test func didYouMeanFindsCloseNamesOnly() {
        let names = ["transitions", "timeout", "title", "next"]
        #expect(DidYouMean.suggestion(for: "tranistions", among: names) == "transitions")
        #expect(DidYouMean.suggestion(for: "nxt", among: names) == "next")
        #expect(DidYouMean.suggestion(for: "Title", among: names) == "title")
        #expect(DidYouMean.suggestion(for: "banana", among: names) == nil)
        #expect(DidYouMean.suggestion(for: "title", among: names) == nil)
    }

    @Test(arguments: [
        (IdentifierStyle.name, "bill-inquiry.ivr", true), (.name, "billing.current-bill", true), (.name, "a_b", true),
        (.name, "1abc", false), (.name, "a..b", false), (.name, "话费", false), (.name, "a b", false),
        (.variable, "due_date", true), (.variable, "_x", true), (.variable, "due-date", false),
        (.code, "V", true), (.code, "101", true), (.code, "V-1", false),
    ])
    func identifiers(_ style: IdentifierStyle, _ text: String, _ accepted: Bool) {
        #expect(style.accepts(text) == accepted, "\(text)")
    }
}
