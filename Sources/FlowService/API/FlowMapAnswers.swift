import FlowModel
import FlowStore

extension ContactPointAnswer {
    /// A contact point with the flow serving it in each customer environment, or why none does.
    init(_ point: ContactPoint, in map: FlowMap) {
        let environments = map.environments.map { environment in
            let resolution = map.resolve(
                business: point.business, channel: point.channel, brand: point.brand, environment: environment.id)
            var flow: String?
            var reason: String?
            switch resolution {
            case .flow(let id): flow = id
            case .notOffered(let why): reason = "not offered: \(why)"
            case .unassigned: reason = "the cell names no flow"
            case .noCell: reason = "no cell for this business and channel"
            case .ambiguous(let flows): reason = "ambiguous: \(flows.joined(separator: " and "))"
            }
            return EnvironmentResolution(environment: environment.id, flow: flow, reason: reason)
        }
        self.init(
            code: point.code, business: point.business, channel: point.channel, brand: point.brand,
            environments: environments)
    }
}

/// `GET /v1/contact-points`: every contact point of the flow map (business x channel x
/// brand), filtered by `?channel=`, `?business=`, `?brand=`.
public struct ContactPointList: Sendable, Hashable, Codable {
    public var count: Int
    public var contactPoints: [ContactPointAnswer]
}

/// `GET /v1/flows/{id}`: the flow query (流程查询) for one flow, as JSON.
public struct FlowAnswer: Sendable, Hashable, Codable {
    public var id: String
    /// The current published version: the SHA-256 of the flow file's content.
    public var version: String
    /// The version label the file declares (`version:`).
    public var label: String
    public var title: String
    public var business: String
    public var channel: String
    public var category: String
    public var owner: String
    public var mode: String?
    public var start: String
    public var states: [StateView]
    /// Flow-level handlers, tried in every state but end states (unless excepted).
    public var handlers: [TransitionView]
    /// The contact points the flow map has this flow serve, with the environments.
    public var contactPoints: [ServedContactPoint]
    /// Every published version, oldest first; running sessions keep the one they started on.
    public var versions: [VersionView]
    /// The flow step by step, as `flowmap show` prints it for an agent.
    public var walkthrough: String

    public struct StateView: Sendable, Hashable, Codable {
        public var id: String
        public var kind: String
        public var title: String?
        public var performer: [String]
        public var mandatory: Bool
        public var outcome: String?
        public var transitions: [TransitionView]
    }

    public struct TransitionView: Sendable, Hashable, Codable {
        public var event: String?
        public var guardExpression: String?
        public var target: String
        /// Which part of the state's design it came from: `next`, `option '1'`, `outcome 'ok'`...
        public var origin: String
        /// Handlers only: the states the handler does not apply in.
        public var except: [String]?

        enum CodingKeys: String, CodingKey {
            case event, target, origin, except
            case guardExpression = "guard"
        }
    }

    public struct ServedContactPoint: Sendable, Hashable, Codable {
        public var code: String
        public var business: String
        public var channel: String
        public var brand: String
        public var environments: [String]
    }

    public struct VersionView: Sendable, Hashable, Codable {
        public var version: String
        /// Milliseconds since 1970, when the content was first published.
        public var publishedAt: Int64
        public var current: Bool
    }
}

extension FlowAnswer {
    init(_ flow: Flow, map: FlowMap, versions: [StoredVersion], walkthrough: String) {
        func view(_ transition: Transition, except: [StateRef]? = nil) -> TransitionView {
            TransitionView(
                event: transition.event?.rawValue, guardExpression: transition.guardExpression?.text,
                target: transition.target.name, origin: transition.origin.description, except: except?.map(\.name))
        }
        var served: [ServedContactPoint] = []
        for point in map.contactPoints {
            let environments = map.environments.map(\.id).filter {
                map.resolve(business: point.business, channel: point.channel, brand: point.brand, environment: $0).flowID
                    == flow.id
            }
            if !environments.isEmpty {
                served.append(
                    ServedContactPoint(
                        code: point.code, business: point.business, channel: point.channel, brand: point.brand,
                        environments: environments))
            }
        }
        self.init(
            id: flow.id, version: versions.first(where: \.isCurrent)?.version ?? "", label: flow.version,
            title: flow.title.description, business: flow.business.name, channel: flow.channel.name,
            category: flow.category.rawValue, owner: flow.owner.name, mode: flow.mode?.rawValue, start: flow.start.name,
            states: flow.states.map { state in
                StateView(
                    id: state.id, kind: state.kind.name, title: state.title, performer: state.performer.map(\.name),
                    mandatory: state.mandatory, outcome: state.endOutcome?.rawValue,
                    transitions: state.transitions.map { view($0) })
            },
            handlers: flow.handlers.map { view($0.transition, except: $0.except) },
            contactPoints: served,
            versions: versions.map { VersionView(version: $0.version, publishedAt: $0.publishedAt, current: $0.isCurrent) },
            walkthrough: walkthrough)
    }
}
