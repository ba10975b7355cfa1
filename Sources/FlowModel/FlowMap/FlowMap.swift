/// The business x channel matrix of a centre: every cell maps to one service flow,
/// or is explicitly not offered.
public struct FlowMap: Sendable, Hashable {
    public var name: LocalizedText
    public var channels: [Channel]
    public var brands: [Brand]
    public var environments: [CustomerEnvironment]
    public var businesses: [Business]
    public var organisation: Organisation
    public var operations: [Operation]
    public var cells: [MatrixCell]
    /// Compliance-rate benchmark for cells that do not set their own.
    public var defaultBenchmark: Double?
    /// The centre's time zone (an IANA name such as `Asia/Shanghai`): the hours flows see
    /// as `session.hour`, and the days, weeks and months audits count in. UTC when absent.
    public var timeZone: String?
    public var file: String

    public init(
        name: LocalizedText = LocalizedText(), channels: [Channel] = [], brands: [Brand] = [],
        environments: [CustomerEnvironment] = [], businesses: [Business] = [],
        organisation: Organisation = Organisation(), operations: [Operation] = [], cells: [MatrixCell] = [],
        defaultBenchmark: Double? = nil, timeZone: String? = nil, file: String
    ) {
        self.name = name
        self.channels = channels
        self.brands = brands
        self.environments = environments
        self.businesses = businesses
        self.organisation = organisation
        self.operations = operations
        self.cells = cells
        self.defaultBenchmark = defaultBenchmark
        self.timeZone = timeZone
        self.file = file
    }

    public func channel(_ id: String) -> Channel? { channels.first { $0.id == id } }
    public func brand(_ id: String) -> Brand? { brands.first { $0.id == id } }
    public func business(_ id: String) -> Business? { businesses.first { $0.id == id } }
    public func environment(_ id: String) -> CustomerEnvironment? { environments.first { $0.id == id } }
    public func operation(_ id: String) -> Operation? { operations.first { $0.id == id } }

    public func cell(business: String, channel: String) -> MatrixCell? {
        cells.first { $0.business.name == business && $0.channel.name == channel }
    }
}

/// What serves a contact point in one customer environment.
public enum ContactPointResolution: Sendable, Hashable {
    case flow(String)
    case notOffered(reason: String)
    /// The cell exists but names neither a flow nor a reason.
    case unassigned
    /// No cell for this business and channel at all.
    case noCell
    /// Two equally specific variants match: the contact point resolves to two flows.
    case ambiguous([String])

    public var flowID: String? {
        if case .flow(let id) = self { return id }
        return nil
    }
}

extension FlowMap {
    /// What serves `business` on `channel` for a customer of `brand` in `environment`.
    ///
    /// The most specific matching variant of the cell wins (brand and environment over
    /// either alone over the cell itself); two equally specific matches are ambiguous.
    public func resolve(business: String, channel: String, brand: String, environment: String) -> ContactPointResolution {
        guard let cell = cell(business: business, channel: channel) else { return .noCell }
        let matching = cell.variants.filter { $0.matches(brand: brand, environment: environment) }
        guard let best = matching.map(\.specificity).max() else { return Self.resolution(of: cell.assignment) }
        let winners = matching.filter { $0.specificity == best }
        let distinct = Set(winners.map(\.assignment))
        if distinct.count > 1 {
            return .ambiguous(winners.compactMap { Self.resolution(of: $0.assignment).flowID ?? "not offered" })
        }
        return Self.resolution(of: winners[0].assignment)
    }

    /// The benchmark that applies to a contact point: the variant's, the cell's, or the map's default.
    public func benchmark(business: String, channel: String, brand: String, environment: String) -> Double? {
        guard let cell = cell(business: business, channel: channel) else { return defaultBenchmark }
        let matching = cell.variants.filter { $0.matches(brand: brand, environment: environment) }
        let best = matching.max { $0.specificity < $1.specificity }
        return best?.benchmark ?? cell.benchmark ?? defaultBenchmark
    }

    private static func resolution(of assignment: CellAssignment) -> ContactPointResolution {
        switch assignment {
        case .flow(let ref): .flow(ref.name)
        case .notOffered(let reason): .notOffered(reason: reason)
        case .unassigned: .unassigned
        }
    }
}
