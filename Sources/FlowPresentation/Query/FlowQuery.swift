import FlowModel

/// The flow query (流程查询): find the flow that serves a contact point and read it
/// step by step, as an agent does while serving the customer.
///
/// ```swift
/// let query = FlowQuery(map: library.flowMap!, flows: library.flows)
/// let answer = query.answer(.code("VG101"))
/// print(query.render(answer))
/// ```
public struct FlowQuery: Sendable {
    /// What is asked about: a contact-point code, or the business, channel and brand.
    public enum Subject: Sendable, Hashable {
        case code(String)
        /// Without a brand, every brand is tried; they must agree.
        case names(business: String, channel: String, brand: String?)
    }

    /// A contact point and what serves it in one customer environment.
    public struct Resolved: Sendable, Hashable {
        /// The contact point; `brand` is empty when none was asked for (all brands agree).
        public var point: ContactPoint
        /// Its code, or every brand's code when no brand was asked for.
        public var codes: [String]
        public var environment: String
        public var status: CellStatus
        /// The flow, when the status names one and the library declares it.
        public var flow: Flow?
        public var benchmark: Double?
        /// The other customer environments whose answer differs.
        public var otherEnvironments: [EnvironmentAnswer]
    }

    /// What serves a contact point in one customer environment.
    public struct EnvironmentAnswer: Sendable, Hashable {
        public var environment: String
        /// Set when the brands are served differently in this environment.
        public var brand: String?
        public var status: CellStatus

        public init(environment: String, brand: String? = nil, status: CellStatus) {
            self.environment = environment
            self.brand = brand
            self.status = status
        }
    }

    /// What one brand's contact point resolves to, when brands disagree.
    public struct BrandAnswer: Sendable, Hashable {
        public var brand: String
        public var code: String
        public var status: CellStatus
    }

    /// What the query found.
    public enum Answer: Sendable, Hashable {
        /// The contact point exists; its status says whether a flow serves it.
        case resolved(Resolved)
        /// No contact point has this code.
        case unknownCode(String)
        /// The code reads as more than one contact point (the map's codes differ in length).
        case ambiguousCode(String, [ContactPoint])
        /// A business, channel, brand or environment the map does not declare.
        case unknownName(kind: String, name: String, known: [String])
        /// No brand was given and the brands are served differently.
        case variesByBrand(business: String, channel: String, [BrandAnswer])

        /// Whether the answer is a designed one: a flow that exists, or a not-offered reason.
        public var isDesigned: Bool {
            guard case .resolved(let resolved) = self else { return false }
            switch resolved.status {
            case .flow: return resolved.flow != nil
            case .notOffered: return true
            case .blindSpot, .ambiguous: return false
            }
        }
    }

    public var map: FlowMap
    /// The library's flows, searched by id for the flow a contact point resolves to.
    public var flows: [Flow]

    public init(map: FlowMap, flows: [Flow]) {
        self.map = map
        self.flows = flows
    }

    /// What serves `subject` in `environment` (the map's first environment when nil).
    public func answer(_ subject: Subject, environment: String? = nil) -> Answer {
        let environments = map.environments.map(\.id)
        let environment = environment ?? environments.first ?? ""
        if !environments.isEmpty, !environments.contains(environment) {
            return .unknownName(kind: "environment", name: environment, known: environments)
        }
        switch points(for: subject) {
        case .failure(let failure):
            return failure.answer
        case .success(let points):
            let statuses = points.map { resolve($0, environment: environment) }
            if Set(statuses).count > 1 {
                return .variesByBrand(business: points[0].business, channel: points[0].channel, zip(points, statuses).map {
                    BrandAnswer(brand: $0.brand, code: $0.code, status: $1)
                })
            }
            return .resolved(resolved(points, environment: environment, status: statuses[0]))
        }
    }

    // MARK: Finding the contact point

    /// Why a subject names no contact point.
    enum LookupFailure: Error {
        case unknownCode(String)
        case ambiguousCode(String, [ContactPoint])
        case unknownName(kind: String, name: String, known: [String])

        var answer: Answer {
            switch self {
            case .unknownCode(let code): .unknownCode(code)
            case .ambiguousCode(let code, let points): .ambiguousCode(code, points)
            case .unknownName(let kind, let name, let known): .unknownName(kind: kind, name: name, known: known)
            }
        }
    }

    /// The contact points a subject names: one, or one per brand when no brand was given.
    func points(for subject: Subject) -> Result<[ContactPoint], LookupFailure> {
        switch subject {
        case .code(let code):
            let found = map.contactPoints(forCode: code)
            if found.isEmpty { return .failure(.unknownCode(code)) }
            if found.count > 1 { return .failure(.ambiguousCode(code, found)) }
            return .success(found)
        case .names(let business, let channel, let brand):
            if map.business(business) == nil {
                return .failure(.unknownName(kind: "business", name: business, known: map.businesses.map(\.id)))
            }
            if map.channel(channel) == nil {
                return .failure(.unknownName(kind: "channel", name: channel, known: map.channels.map(\.id)))
            }
            var brands = map.brands.isEmpty ? [""] : map.brands.map(\.id)
            if let brand, !map.brands.isEmpty {
                guard map.brand(brand) != nil else {
                    return .failure(.unknownName(kind: "brand", name: brand, known: map.brands.map(\.id)))
                }
                brands = [brand]
            }
            return .success(brands.map {
                ContactPoint(business: business, channel: channel, brand: $0,
                             code: map.code(business: business, channel: channel, brand: $0) ?? "")
            })
        }
    }

    func resolve(_ point: ContactPoint, environment: String) -> CellStatus {
        CellStatus(map.resolve(business: point.business, channel: point.channel, brand: point.brand, environment: environment))
    }

    /// `points` are one contact point, or one per brand when they all resolve to `status`.
    private func resolved(_ points: [ContactPoint], environment: String, status: CellStatus) -> Resolved {
        var point = points[0]
        let benchmark = status.flowID == nil ? nil : map.benchmark(
            business: point.business, channel: point.channel, brand: point.brand, environment: environment)
        var others: [EnvironmentAnswer] = []
        for other in map.environments.map(\.id) where other != environment {
            let byBrand = points.map { (brand: $0.brand, status: resolve($0, environment: other)) }
            if Set(byBrand.map(\.status)).count == 1 {
                if byBrand[0].status != status { others.append(EnvironmentAnswer(environment: other, status: byBrand[0].status)) }
            } else {
                others += byBrand.filter { $0.status != status }.map {
                    EnvironmentAnswer(environment: other, brand: $0.brand, status: $0.status)
                }
            }
        }
        if points.count > 1 { point.brand = "" }
        let flow = status.flowID.flatMap { id in flows.first { $0.id == id } }
        return Resolved(point: point, codes: points.map(\.code), environment: environment, status: status, flow: flow,
                        benchmark: benchmark, otherEnvironments: others)
    }
}
