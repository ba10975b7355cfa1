/// The shape of a record variable: its name and its fields in declaration order.
///
/// Values of a record type hold their fields by index, in this order, so reading
/// `bill.total` at run time is an array access, not a dictionary look-up.
public struct RecordType: Sendable, Hashable {
    /// The record's name, used in messages (`record 'bill' has no field 'totl'`).
    public var name: String
    /// The fields, in declaration order; a field's index is its position here.
    public var fields: [RecordField]

    public init(name: String, fields: [RecordField]) {
        self.name = name
        self.fields = fields
    }

    /// The index of the field called `name` (the first one, should a name repeat).
    public func fieldIndex(named name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }
}

/// One field of a record type.
public struct RecordField: Sendable, Hashable {
    public var name: String
    public var type: ExpressionType

    public init(name: String, type: ExpressionType) {
        self.name = name
        self.type = type
    }
}
