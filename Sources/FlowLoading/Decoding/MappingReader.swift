/// Reads the keys of one YAML mapping and reports every key nobody read.
///
/// ```swift
/// var reader = MappingReader(node, "state 'menu'", context)
/// let say = reader.take("say")
/// reader.finish(allowed: ["kind", "say", "next"])
/// ```
struct MappingReader {
    let node: YAMLNode
    let what: String
    let context: DecodeContext

    init(_ node: YAMLNode, _ what: String, _ context: DecodeContext) {
        self.node = node
        self.what = what
        self.context = context
    }

    /// The value of `key`, if present.
    mutating func take(_ key: String) -> YAMLNode? {
        node.value(forKey: key)
    }

    /// The value of `key`, reporting it missing when absent.
    mutating func require(_ key: String) -> YAMLNode? {
        guard let value = take(key) else {
            context.report(.missingKey, "\(what) is missing '\(key)'", at: node)
            return nil
        }
        return value
    }

    func has(_ key: String) -> Bool { node.value(forKey: key) != nil }

    /// Reports keys outside `allowed` (with a did-you-mean), and duplicate keys.
    ///
    /// - Parameter elsewhere: for a key that is valid in a sibling context, the reason it is
    ///   not valid here (`"collect states use it"`); asked only for keys outside `allowed`.
    func finish(allowed: [String], elsewhere: (String) -> String? = { _ in nil }) {
        for duplicate in node.duplicates {
            context.report(
                .duplicateKey, "\(what) has the key '\(duplicate.key.text)' twice", at: duplicate.key,
                notes: [.init("first written here", at: context.location(duplicate.first))])
        }
        for (key, _) in node.pairs {
            guard key.kind == .scalar else {
                context.report(.wrongType, "keys of \(what) must be names, found \(key.kindDescription)", at: key)
                continue
            }
            guard !allowed.contains(key.text) else { continue }
            if let reason = elsewhere(key.text) {
                context.report(.unknownKey, "\(what) cannot have '\(key.text)': \(reason)", at: key)
            } else {
                context.report(
                    .unknownKey,
                    "unknown key '\(key.text)' in \(what)\(DidYouMean.clause(for: key.text, among: allowed))", at: key)
            }
        }
    }
}
