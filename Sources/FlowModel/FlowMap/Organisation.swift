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
        public var location: SourceLocation

        public init(id: String, name: LocalizedText, location: SourceLocation) {
            self.id = id
            self.name = name
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
}
