import FlowModel
import Testing
@testable import FlowPresentation

@Suite("Flow query (show)")
struct FlowQueryTests {
    let query = FlowQuery(map: Fixtures.map, flows: Fixtures.flows)

    @Test("a contact point served by a flow: the header, then every step in reading order")
    func flow() {
        let answer = query.answer(.code("PG101"))
        #expect(answer.isDesigned)
        let expected =
        #"""
        contact point  PG101
        business       bill-inquiry  话费查询 (Bill inquiry)
        channel        phone  人工座席 (Phone agent)
        brand          gotone  全球通 (GoTone)
        environment    own-network  本网客户 (Own-network customer)
        flow           bill-inquiry.phone  version 2.1
        title          话费查询（人工） (Bill inquiry (phone agent))
        category       inquiry  查询
        owner          front-line  一线座席组 (Front-line agents)
        SLA            5m
        mode           guided (the channel's default)
        benchmark      85%

        Steps (start: greet)
         1. greet  [prompt]  问候
            says      您好，请问有什么可以帮您？
            by        agent  座席员 (Agent)
            on done -> lookup
         2. lookup  [task billing.current-bill]  查询账单  MANDATORY
            args      msisdn = msisdn, month = '本月'
            results   total -> total
            by        agent  座席员 (Agent)
            SLA       2m
            on ok -> explain
            on not-found -> escalate
            on failed -> escalate
         3. explain  [prompt]  解释账单
            says      您本月的话费为{{total}}元。
            by        agent  座席员 (Agent)
            on done -> done
         4. escalate  [transfer to org-unit front-line]  转值班长
            says      请稍候，为您转接值班长。
            by        agent  座席员 (Agent)
            on connected -> escalated
            on failed -> done
         5. done  [end: resolved]
            says      感谢您的来电。
         6. escalated  [end: escalated]
        """#
        #expect(query.render(answer) == expected + "\n")
    }

    @Test("business, channel and brand name the same contact point as its code")
    func names() {
        #expect(query.answer(.names(business: "bill-inquiry", channel: "phone", brand: "gotone")) == query.answer(.code("PG101")))
        #expect(query.answer(.code("pg-101")) == query.answer(.code("PG101")))
    }

    @Test("without a brand, all brands' codes are shown when they agree")
    func anyBrand() {
        let text = query.render(query.answer(.names(business: "bill-inquiry", channel: "phone", brand: nil)))
        #expect(text.hasPrefix("contact point  PG101 PM101\n"))
        #expect(text.contains("\nbrand          any (gotone, mzone)\n"))
    }

    @Test("states are numbered breadth-first from the start, handler targets and unreachable states last")
    func readingOrder() {
        let text = query.render(query.answer(.code("VG101")))
        let heads = text.split(separator: "\n").filter { $0.first == " " && $0.contains(". ") && $0.contains("[") }
        #expect(heads.map { String($0) } == [
            " 1. welcome  [prompt]",
            " 2. choose-month  [collect]",
            " 3. lookup  [task billing.current-bill]",
            " 4. to-agent  [transfer to queue billing-queue]",
            " 5. check-total  [decision]",
            " 6. goodbye  [end: resolved]",
            " 7. transferred  [end: transferred]",
            " 8. read-bill  [prompt]  MANDATORY",
            " 9. hung-up  [end: abandoned]",
        ])
        #expect(text.contains("""
                asks      dtmf, length 1, timeout 5s
                options   1  本月话费
                          2  上月话费
            """))
        #expect(text.contains("    on input if input == '1' -> lookup set month = '本月'\n"))
        #expect(text.contains("    on no-input after 2 retries -> to-agent\n"))
        #expect(text.contains("    if total > 0 -> read-bill\n    otherwise -> goodbye\n"))
        #expect(text.hasSuffix("""

            Handlers (in every state but end states, unless excepted)
              on hangup -> hung-up
              on input if input == '0' -> to-agent  (except to-agent)

            """))
        #expect(text.contains("note           for other-network: not offered: 异网客户请拨打人工\n"))
    }

    @Test("a contact point that is not offered says so, with the reason")
    func notOffered() {
        let answer = query.answer(.code("SG101"))
        #expect(answer.isDesigned)
        #expect(query.render(answer) == #"""
            contact point  SG101
            business       bill-inquiry  话费查询 (Bill inquiry)
            channel        sms  短信营业厅 (SMS hall)
            brand          gotone  全球通 (GoTone)
            environment    own-network  本网客户 (Own-network customer)
            status         not offered

            NOT OFFERED: bill-inquiry is deliberately not offered on sms for these customers (gotone, own-network). Reason: SMS cannot show a bill, "securely"

            """#)
    }

    @Test("the environment decides: other-network customers are not offered the IVR")
    func environment() {
        let answer = query.answer(.code("VM101"), environment: "other-network")
        guard case .resolved(let resolved) = answer else {
            Issue.record("expected a contact point, got \(answer)")
            return
        }
        #expect(resolved.status == .notOffered(reason: "异网客户请拨打人工"))
        #expect(resolved.otherEnvironments == [.init(environment: "own-network", status: .flow("bill-inquiry.ivr"))])
    }

    @Test("a blind spot says that no flow serves the contact point")
    func blindSpot() {
        let query = FlowQuery(map: Fixtures.mapWithBlindSpot, flows: Fixtures.flows)
        let answer = query.answer(.code("SG201"))
        #expect(!answer.isDesigned)
        #expect(query.render(answer) == """
            contact point  SG201
            business       top-up  话费充值 (Top-up)
            channel        sms  短信营业厅 (SMS hall)
            brand          gotone  全球通 (GoTone)
            environment    own-network  本网客户 (Own-network customer)
            status         blind spot

            BLIND SPOT (管理盲点): the flow map names neither a flow nor a not-offered reason for this contact point; no flow serves it (run flowmap lint).

            """)
    }

    @Test("equally specific variants that disagree make the contact point ambiguous")
    func ambiguous() {
        let query = FlowQuery(map: Fixtures.mapWithAmbiguousCell, flows: Fixtures.flows)
        let answer = query.answer(.code("VG101"))
        #expect(!answer.isDesigned)
        let text = query.render(answer)
        #expect(text.contains("status         ambiguous\n"))
        #expect(text.contains("AMBIGUOUS: equally specific variants of the cell give different answers (bill-inquiry.phone or not offered); the flow map must decide (run flowmap lint).\n"))
    }

    @Test("without a brand, brands served differently are listed")
    func variesByBrand() {
        var map = Fixtures.map
        let here = SourceLocation.start(of: "test")
        let index = map.cells.firstIndex { $0.business.name == "bill-inquiry" && $0.channel.name == "phone" }!
        map.cells[index].variants = [
            CellVariant(brand: NameRef(name: "gotone", location: here), assignment: .notOffered(reason: "VIP desk only"), location: here),
        ]
        let query = FlowQuery(map: map, flows: Fixtures.flows)
        let answer = query.answer(.names(business: "bill-inquiry", channel: "phone", brand: nil))
        #expect(query.render(answer) == """
            bill-inquiry on phone is served differently by brand; ask with a brand or a code:
              PG101  gotone: not offered: VIP desk only
              PM101  mzone: bill-inquiry.phone

            """)
    }

    @Test("unknown codes, names and environments are named in the message")
    func unknown() {
        #expect(query.render(query.answer(.code("VX101"))) == """
            unknown code 'VX101': no contact point of the flow map has it
            codes are channel (P phone, V ivr, S sms) + brand (G gotone, M mzone) + business (101 bill-inquiry, 201 top-up)

            """)
        #expect(query.render(query.answer(.names(business: "bill", channel: "ivr", brand: nil)))
            == "unknown business 'bill': the flow map declares bill-inquiry, top-up\n")
        #expect(query.render(query.answer(.names(business: "top-up", channel: "ivr", brand: "easyown")))
            == "unknown brand 'easyown': the flow map declares gotone, mzone\n")
        #expect(query.render(query.answer(.code("VG101"), environment: "roaming"))
            == "unknown environment 'roaming': the flow map declares own-network, other-network\n")
        #expect(!query.answer(.code("VX101")).isDesigned)
    }

    @Test("a code that reads two ways is ambiguous")
    func ambiguousCode() {
        let query = FlowQuery(map: AmbiguousCodes.map, flows: [])
        let answer = query.answer(.code("VG101"))
        #expect(answer == .ambiguousCode("VG101", [
            ContactPoint(business: "bill-inquiry", channel: "ivr", brand: "gotone", code: "VG101"),
            ContactPoint(business: "balance", channel: "video", brand: "one", code: "VG101"),
        ]))
        #expect(query.render(answer) == """
            ambiguous code 'VG101': it reads as 2 contact points (the flow map's codes differ in length; run flowmap lint):
              VG101  (bill-inquiry, ivr, gotone)
              VG101  (balance, video, one)

            """)
    }
}

/// A flow map whose codes differ in length, so that `VG101` reads two ways:
/// V + G + 101 (IVR, GoTone, bill inquiry) and VG + 1 + 01 (video, brand one, balance).
enum AmbiguousCodes {
    static let map: FlowMap = {
        let here = SourceLocation.start(of: "test")
        return FlowMap(
            channels: [
                Channel(id: "ivr", code: "V", name: LocalizedText(zh: "自助语音"), capabilities: [.voicePrompt, .dtmf], mode: .automated, location: here),
                Channel(id: "video", code: "VG", name: LocalizedText(en: "Video"), capabilities: [.voicePrompt], mode: .guided, location: here),
            ],
            brands: [
                Brand(id: "gotone", code: "G", name: LocalizedText(zh: "全球通"), location: here),
                Brand(id: "one", code: "1", name: LocalizedText(en: "One"), location: here),
            ],
            businesses: [
                Business(id: "bill-inquiry", code: "101", name: LocalizedText(zh: "话费查询"), category: .inquiry, location: here),
                Business(id: "balance", code: "01", name: LocalizedText(zh: "余额查询"), category: .inquiry, location: here),
            ],
            file: "test/flowmap.yaml")
    }()
}
