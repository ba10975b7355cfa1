import FlowLoading
import FlowModel
import Foundation

/// The small library in `Fixtures/Library`: two businesses (话费查询, 话费充值) by three
/// channels (phone, ivr, sms), two brands, two environments, three flows.
enum Fixtures {
    static let libraryPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Library")
        .path

    static let library: FlowLibrary = FlowLibrary.load(paths: [libraryPath])

    static var map: FlowMap {
        guard let map = library.flowMap else { fatalError("the fixture library has no flow map: \(library.diagnostics)") }
        return map
    }

    static var flows: [Flow] { library.flows }

    static func flow(_ id: String) -> Flow {
        guard let flow = library.flow(id: id) else { fatalError("no fixture flow \(id)") }
        return flow
    }

    /// The fixture map with the (top-up, sms) cell removed: a management blind spot.
    static var mapWithBlindSpot: FlowMap {
        var map = map
        map.cells.removeAll { $0.business.name == "top-up" && $0.channel.name == "sms" }
        return map
    }

    /// The fixture map where (bill-inquiry, ivr) has two equally specific variants that disagree
    /// for GoTone customers in their own network.
    static var mapWithAmbiguousCell: FlowMap {
        var map = map
        guard let index = map.cells.firstIndex(where: { $0.business.name == "bill-inquiry" && $0.channel.name == "ivr" }) else {
            fatalError("no (bill-inquiry, ivr) cell")
        }
        let here = SourceLocation.start(of: "test")
        map.cells[index].variants = [
            CellVariant(brand: NameRef(name: "gotone", location: here), assignment: .flow(NameRef(name: "bill-inquiry.phone", location: here)), location: here),
            CellVariant(environment: NameRef(name: "own-network", location: here), assignment: .notOffered(reason: "停用"), location: here),
        ]
        return map
    }
}
