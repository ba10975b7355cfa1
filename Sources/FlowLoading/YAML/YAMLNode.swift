/// A YAML node with its position: the lean tree the decoders walk.
///
/// Mappings keep their pairs flattened (`key, value, key, value`) in `children`, in file
/// order. Plain scalars are not typed here: the decoder types each by the key that reads
/// it, following the YAML 1.2 core schema (`ScalarResolution`).
///
/// A scalar is a small value (short texts live inline, without allocating); a collection
/// keeps its children in one shared storage object, so copying any node costs at most one
/// retain. A tree is built by one composer and read by one decoder, on one thread.
struct YAMLNode {
    enum Kind {
        case scalar, mapping, sequence
    }

    enum Style {
        case plain, singleQuoted, doubleQuoted, literal, folded, collection
    }

    let kind: Kind
    let style: Style
    /// The scalar's text; empty for collections.
    let text: String
    /// An explicit tag such as `tag:yaml.org,2002:str` (written `!!str`), or nil.
    let tag: String?
    /// 1-based.
    let line: Int32
    /// 1-based, in Unicode scalars.
    let column: Int32
    /// A collection's children and repeated keys; nil for scalars.
    let storage: CollectionStorage?

    struct DuplicateKey {
        var key: YAMLNode
        var first: YAMLNode
    }

    /// What a collection holds, filled in by the composer.
    final class CollectionStorage {
        var children: [YAMLNode] = []
        /// Later keys of this mapping that repeat an earlier one (the later pair is dropped).
        var duplicates: [DuplicateKey] = []
    }

    static func scalar(text: String, style: Style, tag: String?, line: Int32, column: Int32) -> YAMLNode {
        YAMLNode(kind: .scalar, style: style, text: text, tag: tag, line: line, column: column, storage: nil)
    }

    static func collection(_ kind: Kind, tag: String?, line: Int32, column: Int32) -> YAMLNode {
        YAMLNode(kind: kind, style: .collection, text: "", tag: tag, line: line, column: column, storage: CollectionStorage())
    }

    var children: [YAMLNode] { storage?.children ?? [] }
    var duplicates: [DuplicateKey] { storage?.duplicates ?? [] }

    /// The same node, seen at another place (an alias repeats its anchor where it stands).
    func moved(line: Int32, column: Int32) -> YAMLNode {
        YAMLNode(kind: kind, style: style, text: text, tag: tag, line: line, column: column, storage: storage)
    }

    var isScalar: Bool { kind == .scalar }
    var isMapping: Bool { kind == .mapping }
    var isSequence: Bool { kind == .sequence }

    /// The pairs of a mapping.
    var pairs: [(key: YAMLNode, value: YAMLNode)] {
        guard kind == .mapping, let children = storage?.children else { return [] }
        return stride(from: 0, to: children.count - 1, by: 2).map { (children[$0], children[$0 + 1]) }
    }

    /// The value of a scalar key in a mapping.
    func value(forKey key: String) -> YAMLNode? {
        guard kind == .mapping, let children = storage?.children else { return nil }
        var index = 0
        while index + 1 < children.count {
            if children[index].kind == .scalar, children[index].text == key { return children[index + 1] }
            index += 2
        }
        return nil
    }

    /// Whether a plain scalar is YAML's null (`~`, `null`, or nothing at all).
    var isNull: Bool {
        kind == .scalar && ScalarResolution.of(self) == .null
    }

    /// What the node is, in words, for "expected X, found Y" messages.
    var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar:
            switch ScalarResolution.of(self) {
            case .null: return "nothing (an empty value)"
            case .bool: return "a boolean (\(text))"
            case .int, .float: return "a number (\(text))"
            case .string: return "text"
            }
        }
    }
}
