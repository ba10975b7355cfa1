/// One occasion of service: a business through a channel for a brand's customers.
///
/// Its code is the channel code, then the brand code, then the business code
/// (渠道标识 + 品牌标识 + 业务编码), e.g. `VG101`.
public struct ContactPoint: Sendable, Hashable, CustomStringConvertible {
    public var business: String
    public var channel: String
    /// Empty when the flow map declares no brands.
    public var brand: String
    public var code: String

    public init(business: String, channel: String, brand: String, code: String) {
        self.business = business
        self.channel = channel
        self.brand = brand
        self.code = code
    }

    public var description: String { code }
}

extension FlowMap {
    /// The code of a contact point, or nil when a part is not declared.
    public func code(business: String, channel: String, brand: String) -> String? {
        guard let business = self.business(business), let channel = self.channel(channel) else { return nil }
        if brands.isEmpty { return channel.code + business.code }
        guard let brand = self.brand(brand) else { return nil }
        return channel.code + brand.code + business.code
    }

    /// Every contact point of the map: each cell crossed with each brand.
    public var contactPoints: [ContactPoint] {
        var points: [ContactPoint] = []
        for business in businesses {
            for channel in channels {
                let brandIDs = brands.isEmpty ? [""] : brands.map(\.id)
                for brand in brandIDs {
                    let code = code(business: business.id, channel: channel.id, brand: brand) ?? ""
                    points.append(ContactPoint(business: business.id, channel: channel.id, brand: brand, code: code))
                }
            }
        }
        return points
    }

    /// The contact points a code could mean. Separators (`-`, `.`, spaces) are ignored and
    /// letters compared without case. Lint guarantees at most one for a clean map.
    public func contactPoints(forCode text: String) -> [ContactPoint] {
        let wanted = String(text.filter { !"-. _".contains($0) }).uppercased()
        var found: [ContactPoint] = []
        for channel in channels where wanted.hasPrefix(channel.code.uppercased()) {
            let afterChannel = wanted.dropFirst(channel.code.count)
            let brandChoices: [(id: String, code: String)] = brands.isEmpty ? [("", "")] : brands.map { ($0.id, $0.code) }
            for brand in brandChoices where afterChannel.hasPrefix(brand.code.uppercased()) {
                let rest = afterChannel.dropFirst(brand.code.count)
                for business in businesses where business.code.uppercased() == rest {
                    found.append(ContactPoint(
                        business: business.id, channel: channel.id, brand: brand.id,
                        code: channel.code + brand.code + business.code))
                }
            }
        }
        return found
    }
}
