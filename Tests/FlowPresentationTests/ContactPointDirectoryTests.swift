import FlowModel
import Testing
@testable import FlowPresentation

@Suite("Contact-point codes")
struct ContactPointDirectoryTests {
    let directory = ContactPointDirectory(map: Fixtures.map)

    @Test("a code resolves to its business, channel, brand and the flow per environment")
    func codeToContactPoint() {
        let answer = directory.lookup(code: "VG101")
        #expect(answer == .contactPoint(
            ContactPoint(business: "bill-inquiry", channel: "ivr", brand: "gotone", code: "VG101"),
            [.init(environment: "own-network", status: .flow("bill-inquiry.ivr")),
             .init(environment: "other-network", status: .notOffered(reason: "异网客户请拨打人工"))]))
        #expect(directory.render(answer) == """
            code           VG101
            business       bill-inquiry  话费查询 (Bill inquiry) [101]
            channel        ivr  自助语音 (IVR self-service) [V]
            brand          gotone  全球通 (GoTone) [G]
            own-network    bill-inquiry.ivr (benchmark 95%)
            other-network  not offered: 异网客户请拨打人工

            """)
    }

    @Test("codes are read without case and separators")
    func looseCodes() {
        #expect(directory.lookup(code: "v-m 201") == directory.lookup(code: "VM201"))
    }

    @Test("a business, channel and brand print their code")
    func contactPointToCode() {
        let answer = directory.code(business: "top-up", channel: "ivr", brand: "mzone")
        #expect(answer == .codes([ContactPoint(business: "top-up", channel: "ivr", brand: "mzone", code: "VM201")]))
        #expect(directory.render(answer) == "VM201\n")
        #expect(directory.render(directory.code(business: "top-up", channel: "ivr", brand: nil)) == "VG201  gotone\nVM201  mzone\n")
    }

    @Test("every contact point's code reads back to the same contact point")
    func roundTrip() {
        for point in Fixtures.map.contactPoints {
            guard case .contactPoint(let found, _) = directory.lookup(code: point.code) else {
                Issue.record("\(point.code) did not resolve")
                continue
            }
            #expect(found == point)
            #expect(directory.code(business: point.business, channel: point.channel, brand: point.brand) == .codes([point]))
        }
    }

    @Test("unknown and ambiguous codes, unknown names")
    func failures() {
        #expect(directory.lookup(code: "XG101") == .unknownCode("XG101"))
        #expect(!directory.lookup(code: "XG101").isFound)
        #expect(directory.render(directory.lookup(code: "VG999")).hasPrefix("unknown code 'VG999'"))
        #expect(directory.code(business: "top-up", channel: "fax", brand: "gotone")
            == .unknownName(kind: "channel", name: "fax", known: ["phone", "ivr", "sms"]))
        let ambiguous = ContactPointDirectory(map: AmbiguousCodes.map).lookup(code: "VG101")
        guard case .ambiguousCode(let code, let points) = ambiguous else {
            Issue.record("expected an ambiguous code, got \(ambiguous)")
            return
        }
        #expect(code == "VG101")
        #expect(points.map(\.channel) == ["ivr", "video"])
    }
}
