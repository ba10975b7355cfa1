/// The people side of the centre: org units, roles, skill groups and queues.
///
/// Flows name these as performers and transfer targets; lint checks every name.
public struct Organisation: Sendable, Hashable {
    public struct Unit: Sendable, Hashable {
        public var id: String
        public var name: LocalizedText
        public var parent: NameRef?
        public var location: SourceLocation

        public init(id: String, name: LocalizedText, parent: NameRef? = nil, location: SourceLocation) {
            self.id = id
            self.name = name
            self.parent = parent
            self.location = location
        }
    }

    public struct Role: Sendable, Hashable {
        public var id: String
        public var name: LocalizedText
        /// Roles whose work this one may also do: a senior agent does an agent's steps.
        public var includes: [NameRef]
        public var location: SourceLocation

        public init(id: String, name: LocalizedText, includes: [NameRef] = [], location: SourceLocation) {
            self.id = id
            self.name = name
            self.includes = includes
            self.location = location
        }
    }

    /// A skill group or an agent queue, served by an org unit.
    public struct Group: Sendable, Hashable {
        public var id: String
        public var name: LocalizedText
        public var unit: NameRef?
        public var location: SourceLocation

        public init(id: String, name: LocalizedText, unit: NameRef? = nil, location: SourceLocation) {
            self.id = id
            self.name = name
            self.unit = unit
            self.location = location
        }
    }

    public var units: [Unit]
    public var roles: [Role]
    public var skills: [Group]
    public var queues: [Group]

    public init(units: [Unit] = [], roles: [Role] = [], skills: [Group] = [], queues: [Group] = []) {
        self.units = units
        self.roles = roles
        self.skills = skills
        self.queues = queues
    }

    /// Names a state's `performer:` may use: roles and org units.
    public var performerNames: [String] { roles.map(\.id) + units.map(\.id) }

    /// Whether a person of `role` in `unit` may perform a state with these performers: the
    /// role or a role it includes (transitively) is named, or the unit or a unit above it is.
    /// A state with no performers accepts anyone.
    public func allows(role: String?, unit: String?, performers: [String]) -> Bool {
        guard !performers.isEmpty else { return true }
        var seen: Set<String> = []
        var roles = role.map { [$0] } ?? []
        while let next = roles.popLast() {
            guard seen.insert(next).inserted else { continue }
            if performers.contains(next) { return true }
            if let declared = self.roles.first(where: { $0.id == next }) { roles += declared.includes.map(\.name) }
        }
        var current = unit
        seen = []
        while let name = current, seen.insert(name).inserted {
            if performers.contains(name) { return true }
            current = units.first { $0.id == name }?.parent?.name
        }
        return false
    }
}
