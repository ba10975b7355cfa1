import Testing
@testable import FlowPresentation

@Suite("Display width")
struct DisplayWidthTests {
    @Test("Chinese and fullwidth characters take two columns, combining marks none")
    func widths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("话费查询") == 8)
        #expect(DisplayWidth.of("话费查询 Bill inquiry") == 21)
        #expect(DisplayWidth.of("（自助语音）") == 12)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("한국") == 4)
    }

    @Test("padding counts columns, not characters")
    func padding() {
        #expect(DisplayWidth.pad("话费", to: 6) == "话费  ")
        #expect(DisplayWidth.pad("abc", to: 2) == "abc")
    }

    @Test("wrapping breaks between words and between Chinese characters")
    func wrapping() {
        #expect(DisplayWidth.wrap("SMS cannot show a bill", width: 10) == ["SMS cannot", "show a", "bill"])
        #expect(DisplayWidth.wrap("座席不经手支付信息", width: 8) == ["座席不经", "手支付信", "息"])
        #expect(DisplayWidth.wrap("short", width: 10) == ["short"])
    }
}
