import FlowLoading
import Foundation
import FlowModel

/// Reading the generic YAML tree: shapes, keys and scalars, each problem noted where it is.
extension ScenarioDecoder {
    /// The pairs of a mapping by key, after checking that every key is one of `keys`.
    mutating func mapping(_ node: YAMLTree, _ what: String, keys: [String]) -> [String: YAMLTree]? {
        guard case .mapping(let entries) = node.content else {
            problem("\(what) should be a mapping, not \(node.kindDescription)", at: node)
            return nil
        }
        var values: [String: YAMLTree] = [:]
        for entry in entries {
            guard entry.key.isScalar, !entry.key.isNull else {
                problem("keys of \(what) are names, not \(entry.key.kindDescription)", at: entry.key)
                continue
            }
            let key = entry.key.text
            guard keys.contains(key) else {
                problem("\(what) has no key '\(key)'\(Suggestion.clause(for: key, among: keys))", at: entry.key)
                continue
            }
            values[key] = entry.value
        }
        return values
    }

    /// A mapping's pairs in file order, keys as text (for `vars:`, `results:`, `args:`).
    mutating func pairs(_ node: YAMLTree, _ what: String) -> [(key: String, location: SourceLocation, value: YAMLTree)]? {
        guard case .mapping(let entries) = node.content else {
            problem("\(what) should be a mapping of names to values, not \(node.kindDescription)", at: node)
            return nil
        }
        var result: [(key: String, location: SourceLocation, value: YAMLTree)] = []
        for entry in entries {
            guard entry.key.isScalar, !entry.key.isNull else {
                problem("keys of \(what) are names, not \(entry.key.kindDescription)", at: entry.key)
                continue
            }
            result.append((entry.key.text, entry.key.location, entry.value))
        }
        return result
    }

    /// A scalar's text as written (numbers too: `input: 0123` is the text `0123`).
    mutating func text(_ node: YAMLTree, _ what: String) -> String? {
        guard node.isScalar, !node.isNull else {
            problem("\(what) should be a text, not \(node.kindDescription)", at: node)
            return nil
        }
        return node.text
    }

    /// A name: text that is not blank.
    mutating func name(_ node: YAMLTree, _ what: String) -> String? {
        guard let text = text(node, what) else { return nil }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            problem("\(what) should not be blank", at: node)
            return nil
        }
        return text
    }

    mutating func integer(_ node: YAMLTree, _ what: String, in range: ClosedRange<Int64>) -> Int? {
        guard case .int(let value) = node.content, !node.isQuoted else {
            problem("\(what) should be a whole number, not \(node.kindDescription)", at: node)
            return nil
        }
        guard range.contains(value) else {
            problem("\(what) should be between \(range.lowerBound) and \(range.upperBound), not \(value)", at: node)
            return nil
        }
        return Int(value)
    }

    mutating func flag(_ node: YAMLTree, _ what: String) -> Bool? {
        guard case .bool(let value) = node.content else {
            problem("\(what) should be true or false, not \(node.kindDescription)", at: node)
            return nil
        }
        return value
    }

    /// `30s`, `5m`, `1h30m`: milliseconds.
    mutating func duration(_ node: YAMLTree, _ what: String) -> Int64? {
        guard node.isScalar, !node.isNull, let duration = FlowDuration(parsing: node.text) else {
            problem("\(what) should be a duration such as 500ms, 30s, 5m, 24h or 1h30m, not \(node.isScalar ? "'\(node.text)'" : node.kindDescription)", at: node)
            return nil
        }
        return duration.milliseconds
    }

    /// A list, or a single item standing for a list of one.
    func items(_ node: YAMLTree) -> [YAMLTree] {
        if case .sequence(let items) = node.content { return items }
        return [node]
    }

    mutating func list(_ node: YAMLTree, _ what: String) -> [YAMLTree]? {
        guard case .sequence(let items) = node.content else {
            problem("\(what) should be a list, not \(node.kindDescription)", at: node)
            return nil
        }
        return items
    }

    /// A list of texts; one text stands for a list of one.
    mutating func texts(_ node: YAMLTree, _ what: String) -> [String]? {
        var result: [String] = []
        for item in items(node) {
            guard let text = text(item, what) else { return nil }
            result.append(text)
        }
        return result
    }

    mutating func problem(_ message: String, at node: YAMLTree, note: ScenarioProblem.Note? = nil) {
        problems.append(ScenarioProblem(message, at: node.location, note: note))
    }

    mutating func problem(_ message: String, at location: SourceLocation) {
        problems.append(ScenarioProblem(message, at: location))
    }
}
