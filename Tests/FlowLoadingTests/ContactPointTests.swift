import FlowModel
import Foundation
import Testing

@testable import FlowLoading

/// Contact-point codes print and resolve both ways, and cells resolve by specificity.
@Suite struct ContactPointTests {
    static let map: FlowMap = {
        let url = Fixtures.libraries.appendingPathComponent("FM602-ambiguous-contact-point/fixed/flowmap.yaml")
        return FlowFileLoader.loadFlowMap(path: url.path).value!
    }()

    @Test func codesAreChannelThenBrandThenBusiness() {
        #expect(Self.map.code(business: "bill", channel: "ivr", brand: "gotone") == "VG101")
        #expect(Self.map.code(business: "bill", channel: "ivr", brand: "nobody") == nil)
        #expect(Self.map.contactPoints.map(\.code) == ["VG101", "VM101"])
    }

    @Test(arguments: ["VG101", "vg101", "V-G-101", "V.G.101", "V G 101"])
    func codesResolveBack(_ code: String) {
        let points = Self.map.contactPoints(forCode: code)
        #expect(points == [ContactPoint(business: "bill", channel: "ivr", brand: "gotone", code: "VG101")])
    }

    @Test func unknownCodesResolveToNothing() {
        #expect(Self.map.contactPoints(forCode: "VX101").isEmpty)
        #expect(Self.map.contactPoints(forCode: "").isEmpty)
    }

    @Test func theMostSpecificVariantWins() {
        let resolve = { (brand: String, environment: String) in
            Self.map.resolve(business: "bill", channel: "ivr", brand: brand, environment: environment)
        }
        #expect(resolve("mzone", "own") == .flow("main"))
        #expect(resolve("gotone", "own") == .flow("vip"))
        #expect(resolve("mzone", "other") == .notOffered(reason: "异网客户不能查询"))
        #expect(resolve("gotone", "other") == .flow("vip"))
        #expect(Self.map.resolve(business: "bill", channel: "web", brand: "gotone", environment: "own") == .noCell)
    }

    @Test func equallySpecificVariantsAreAmbiguous() throws {
        let url = Fixtures.libraries.appendingPathComponent("FM602-ambiguous-contact-point/bad/flowmap.yaml")
        let map = try #require(FlowFileLoader.loadFlowMap(path: url.path).value)
        guard case .ambiguous(let answers) = map.resolve(business: "bill", channel: "ivr", brand: "gotone", environment: "other") else {
            Issue.record("expected ambiguity")
            return
        }
        #expect(Set(answers) == ["vip", "not offered"])
    }
}
