/// A YAML node with its position: the lean tree the decoders walk.
///
/// Mappings keep their pairs flattened (`key, value, key, value`) in `children`, in file
/// order. Plain scalars are not typed here: the decoder types each by the key that reads
/// it, following the YAML 1.2 core schema (`ScalarResolution`).
///
/// A class: the decoders pass nodes around a great deal, and a reference costs one
/// retain where a struct of strings and arrays costs several. A tree is built by one
/// composer and read by one decoder, on one thread; it is never shared.
final class YAMLNode {
    enum Kind: Sendable {
        case scalar, mapping, sequence
    }

    enum Style: Sendable {
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
    var children: [YAMLNode]
    /// Later keys of this mapping that repeat an earlier one (the later pair is dropped).
    var duplicates: [DuplicateKey]

    struct DuplicateKey {
        var key: YAMLNode
        var first: YAMLNode
    }

    init(
        kind: Kind, style: Style, text: String, tag: String?, line: Int32, column: Int32,
        children: [YAMLNode] = [], duplicates: [DuplicateKey] = []
    ) {
        self.kind = kind
        self.style = style
        self.text = text
        self.tag = tag
        self.line = line
        self.column = column
        self.children = children
        self.duplicates = duplicates
    }

    /// The same node, seen at another place (an alias repeats its anchor where it stands).
    func moved(line: Int32, column: Int32) -> YAMLNode {
        YAMLNode(
            kind: kind, style: style, text: text, tag: tag, line: line, column: column, children: children,
            duplicates: duplicates)
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
