/// An OCEL 2.0 log in its JSON form (ocel-standard.org, "OCEL 2.0 JSON"): what
/// `flowmap audit export --format ocel` writes, and what reads it back.
public struct OCELLog: Sendable, Hashable, Codable {
    public var objectTypes: [OCELType]
    public var eventTypes: [OCELType]
    public var objects: [OCELObject]
    public var events: [OCELEvent]

    public init(objectTypes: [OCELType], eventTypes: [OCELType], objects: [OCELObject], events: [OCELEvent]) {
        self.objectTypes = objectTypes
        self.eventTypes = eventTypes
        self.objects = objects
        self.events = events
    }
}

/// An object or event type with the attributes its members may carry.
public struct OCELType: Sendable, Hashable, Codable {
    public var name: String
    public var attributes: [OCELTypeAttribute]

    public init(name: String, attributes: [OCELTypeAttribute]) {
        self.name = name
        self.attributes = attributes
    }
}

/// `type` is one of `string`, `time`, `integer`, `float`, `boolean`.
public struct OCELTypeAttribute: Sendable, Hashable, Codable {
    public var name: String
    public var type: String

    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
}

/// An attribute's value: the exports write strings and integers.
public enum OCELValue: Sendable, Hashable, Codable {
    case string(String)
    case integer(Int64)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            self = .integer(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .integer(let number): try container.encode(number)
        }
    }
}

public struct OCELObjectAttribute: Sendable, Hashable, Codable {
    public var name: String
    /// When the object took this value (ISO 8601).
    public var time: String
    public var value: OCELValue

    public init(name: String, time: String, value: OCELValue) {
        self.name = name
        self.time = time
        self.value = value
    }
}

public struct OCELEventAttribute: Sendable, Hashable, Codable {
    public var name: String
    public var value: OCELValue

    public init(name: String, value: OCELValue) {
        self.name = name
        self.value = value
    }
}

/// An event-to-object or object-to-object relationship, qualified.
public struct OCELRelationship: Sendable, Hashable, Codable {
    public var objectId: String
    public var qualifier: String

    public init(objectId: String, qualifier: String) {
        self.objectId = objectId
        self.qualifier = qualifier
    }
}

public struct OCELObject: Sendable, Hashable, Codable {
    public var id: String
    public var type: String
    public var attributes: [OCELObjectAttribute]
    public var relationships: [OCELRelationship]

    public init(id: String, type: String, attributes: [OCELObjectAttribute], relationships: [OCELRelationship]) {
        self.id = id
        self.type = type
        self.attributes = attributes
        self.relationships = relationships
    }
}

public struct OCELEvent: Sendable, Hashable, Codable {
    public var id: String
    public var type: String
    /// ISO 8601.
    public var time: String
    public var attributes: [OCELEventAttribute]
    public var relationships: [OCELRelationship]

    public init(id: String, type: String, time: String, attributes: [OCELEventAttribute], relationships: [OCELRelationship]) {
        self.id = id
        self.type = type
        self.time = time
        self.attributes = attributes
        self.relationships = relationships
    }
}
