import FlowModel

/// Contact-point codes both ways: a code to its business, channel, brand and the flow
/// per customer environment; a business, channel and brand to the code.
///
/// ```swift
/// let directory = ContactPointDirectory(map: map)
/// print(directory.render(directory.lookup(code: "VG101")))
/// print(directory.render(directory.code(business: "bill-inquiry", channel: "ivr", brand: "gotone")))  // VG101
/// ```
public struct ContactPointDirectory: Sendable {
    /// What a lookup found.
    public enum Answer: Sendable, Hashable {
        /// A code's contact point and what serves it in each environment.
        case contactPoint(ContactPoint, [FlowQuery.EnvironmentAnswer])
        /// The codes of a business on a channel: one, or one per brand when no brand was given.
        case codes([ContactPoint])
        case unknownCode(String)
        case ambiguousCode(String, [ContactPoint])
        case unknownName(kind: String, name: String, known: [String])

        /// Whether the lookup found what was asked.
        public var isFound: Bool {
            switch self {
            case .contactPoint, .codes: true
            case .unknownCode, .ambiguousCode, .unknownName: false
            }
        }
    }

    public var map: FlowMap

    public init(map: FlowMap) {
        self.map = map
    }

    private var query: FlowQuery { FlowQuery(map: map, flows: []) }

    /// The contact point a code names, with what serves it in every environment.
    public func lookup(code: String) -> Answer {
        switch query.points(for: .code(code)) {
        case .failure(let failure):
            return Self.answer(failure)
        case .success(let points):
            let point = points[0]
            let environments = map.environments.isEmpty ? [""] : map.environments.map(\.id)
            return .contactPoint(point, environments.map {
                FlowQuery.EnvironmentAnswer(environment: $0, status: query.resolve(point, environment: $0))
            })
        }
    }

    /// The code of a business on a channel for a brand (every brand's when `brand` is nil).
    public func code(business: String, channel: String, brand: String?) -> Answer {
        switch query.points(for: .names(business: business, channel: channel, brand: brand)) {
        case .failure(let failure): Self.answer(failure)
        case .success(let points): .codes(points)
        }
    }

    /// The answer for a terminal: the code alone when one was asked for, so scripts can use it.
    public func render(_ answer: Answer) -> String {
        switch answer {
        case .contactPoint(let point, let environments):
            var fields: [(String, String)] = [
                ("code", point.code),
                ("business", NameText.business(point.business, in: map) + (map.business(point.business).map { " [\($0.code)]" } ?? "")),
                ("channel", NameText.channel(point.channel, in: map) + (map.channel(point.channel).map { " [\($0.code)]" } ?? "")),
            ]
            if !point.brand.isEmpty {
                fields.append(("brand", NameText.brand(point.brand, in: map) + (map.brand(point.brand).map { " [\($0.code)]" } ?? "")))
            }
            for answer in environments {
                var text = answer.status.summary
                if let id = answer.status.flowID,
                   let benchmark = map.benchmark(business: point.business, channel: point.channel, brand: point.brand, environment: answer.environment) {
                    text = "\(id) (benchmark \(BenchmarkText.percent(benchmark)))"
                }
                fields.append((answer.environment.isEmpty ? "flow" : answer.environment, text))
            }
            return NameText.fields(fields).joined(separator: "\n") + "\n"
        case .codes(let points):
            if points.count == 1 { return points[0].code + "\n" }
            let width = points.map { DisplayWidth.of($0.code) }.max() ?? 0
            return points.map { "\(DisplayWidth.pad($0.code, to: width))  \($0.brand)" }.joined(separator: "\n") + "\n"
        case .unknownCode(let code):
            return query.render(.unknownCode(code))
        case .ambiguousCode(let code, let points):
            return query.render(.ambiguousCode(code, points))
        case .unknownName(let kind, let name, let known):
            return query.render(.unknownName(kind: kind, name: name, known: known))
        }
    }

    private static func answer(_ failure: FlowQuery.LookupFailure) -> Answer {
        switch failure {
        case .unknownCode(let code): .unknownCode(code)
        case .ambiguousCode(let code, let points): .ambiguousCode(code, points)
        case .unknownName(let kind, let name, let known): .unknownName(kind: kind, name: name, known: known)
        }
    }
}
