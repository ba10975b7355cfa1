/// A YAML node with its position: the lean tree the decoders walk.
///
/// Mappings keep their pairs flattened (`key, value, key, value`) in `children`, in file
/// order. Plain scalars are not typed here: the decoder types each by the key that reads
/// it, following the YAML 1.2 core schema (`ScalarResolution`).
struct YAMLNode: Sendable {
    enum Kind: Sendable {
        case scalar, mapping, sequence
    }

    enum Style: Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded, collection
    }

    var kind: Kind
    var style: Style
    /// The scalar's text; empty for collections.
    var text: String
    /// An explicit tag such as `!!str`, or nil.
    var tag: String?
    /// 1-based.
    var line: Int32
    /// 1-based, in Unicode scalars.
    var column: Int32
    var children: [YAMLNode]
    /// Later keys of this mapping that repeat an earlier one (the later pair is dropped).
    var duplicates: [DuplicateKey]

    struct DuplicateKey: Sendable {
        var key: YAMLNode
        var first: YAMLNode
    }

    var isScalar: Bool { kind == .scalar }
    var isMapping: Bool { kind == .mapping }
    var isSequence: Bool { kind == .sequence }

    /// The pairs of a mapping.
    var pairs: [(key: YAMLNode, value: YAMLNode)] {
        guard kind == .mapping else { return [] }
        return stride(from: 0, to: children.count - 1, by: 2).map { (children[$0], children[$0 + 1]) }
    }

    /// The value of a scalar key in a mapping.
    func value(forKey key: String) -> YAMLNode? {
        guard kind == .mapping else { return nil }
        var index = 0
        while index + 1 < children.count {
            if children[index].kind == .scalar, children[index].text == key { return children[index + 1] }
            index += 2
        }
        return nil
    }

    /// Whether a plain scalar is YAML's null (`~`, `null`, or nothing at all).
    var isNull: Bool {
        kind == .scalar && style == .plain && tag == nil && ScalarResolution.isNull(text)
    }

    /// What the node is, in words, for "expected X, found Y" messages.
    var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar:
            guard style == .plain, tag == nil else { return "text" }
            switch ScalarResolution.resolve(text) {
            case .null: return "nothing (an empty value)"
            case .bool: return "a boolean (\(text))"
            case .int, .float: return "a number (\(text))"
            case .string: return "text"
            }
        }
    }
}
