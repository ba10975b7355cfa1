/// What serves a cell of the flow map (or one of its variants).
public enum CellAssignment: Sendable, Hashable {
    /// This flow serves it.
    case flow(NameRef)
    /// Deliberately not offered on this channel, with the reason.
    case notOffered(reason: String)
    /// Neither: a management blind spot, which lint reports.
    case unassigned
}

/// A refinement of a cell for one brand and/or customer environment.
public struct CellVariant: Sendable, Hashable {
    public var brand: NameRef?
    public var environment: NameRef?
    public var assignment: CellAssignment
    public var benchmark: Double?
    public var location: SourceLocation

    public init(
        brand: NameRef? = nil, environment: NameRef? = nil, assignment: CellAssignment,
        benchmark: Double? = nil, location: SourceLocation
    ) {
        self.brand = brand
        self.environment = environment
        self.assignment = assignment
        self.benchmark = benchmark
        self.location = location
    }

    /// How many dimensions the variant pins: a more specific variant wins.
    public var specificity: Int { (brand == nil ? 0 : 1) + (environment == nil ? 0 : 1) }

    public func matches(brand: String, environment: String) -> Bool {
        (self.brand == nil || self.brand?.name == brand)
            && (self.environment == nil || self.environment?.name == environment)
    }
}

/// One (business, channel) crossing of the flow map.
public struct MatrixCell: Sendable, Hashable {
    public var business: NameRef
    public var channel: NameRef
    public var assignment: CellAssignment
    /// The compliance-rate benchmark (标杆值) for the cell, 0...1.
    public var benchmark: Double?
    public var variants: [CellVariant]
    public var location: SourceLocation

    public init(
        business: NameRef, channel: NameRef, assignment: CellAssignment, benchmark: Double? = nil,
        variants: [CellVariant] = [], location: SourceLocation
    ) {
        self.business = business
        self.channel = channel
        self.assignment = assignment
        self.benchmark = benchmark
        self.variants = variants
        self.location = location
    }

    /// Every flow the cell and its variants name.
    public var flowNames: [NameRef] {
        ([assignment] + variants.map(\.assignment)).compactMap {
            if case .flow(let ref) = $0 { return ref }
            return nil
        }
    }
}
