import CYaml

/// Builds `YAMLNode` trees from libyaml's event stream (the libyaml inside Yams).
///
/// Unlike `Yams.compose` it keeps going past duplicate keys (recording them for the
/// decoder to report), counts nodes as aliases expand so that an alias bomb stops at a
/// budget, applies `<<` merge keys, and types nothing: see docs/design.md for the
/// measurements behind this choice. It never recurses, so nesting costs no stack.
struct YAMLComposer {
    /// The most nodes a document may expand to through aliases. A 50-state flow is about 2,000.
    static let defaultExpansionBudget = 250_000

    struct Failure: Error, Equatable {
        enum Kind: Equatable {
            case syntax, nestingTooDeep, aliasBudget, secondDocument, empty
        }

        var kind: Kind
        var message: String
        var line: Int
        var column: Int
    }

    var expansionBudget = defaultExpansionBudget

    /// Composes the single document of `bytes` (UTF-8).
    func compose(_ bytes: [UInt8]) -> Result<YAMLNode, Failure> {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return .failure(Failure(kind: .syntax, message: "the YAML parser could not start", line: 1, column: 1))
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var run = Run(budget: expansionBudget)
            return run.composeDocument(&parser)
        }
    }
}

/// One composition: the open collections, the anchors, the running node count.
private struct Run {
    struct Frame {
        let node: YAMLNode
        var anchor: String?
        /// `expanded` when the frame opened, to weigh the finished subtree.
        var startCount: Int
    }

    let budget: Int
    var stack: [Frame] = []
    /// Children of the open collections, one buffer per depth, reused from one collection
    /// to the next: a finished collection takes an exactly sized copy, so its array is
    /// allocated once instead of growing by doubling.
    var scratch: [[YAMLNode]] = []
    var anchors: [String: (node: YAMLNode, weight: Int)] = [:]
    /// Nodes created so far, counting every alias as the size of what it repeats.
    var expanded = 0

    init(budget: Int) {
        self.budget = budget
    }

    typealias Failure = YAMLComposer.Failure

    mutating func composeDocument(_ parser: inout yaml_parser_t) -> Result<YAMLNode, Failure> {
        var root: YAMLNode?
        var documents = 0
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                return .failure(Self.parserFailure(parser))
            }
            defer { yaml_event_delete(&event) }
            let line = Int32(clamping: event.start_mark.line + 1)
            let column = Int32(clamping: event.start_mark.column + 1)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                guard let root else {
                    return .failure(Failure(kind: .empty, message: "the file holds no YAML document", line: 1, column: 1))
                }
                return .success(root)
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    return .failure(Failure(
                        kind: .secondDocument,
                        message: "a second YAML document begins here; a file holds one flow", line: Int(line),
                        column: Int(column)))
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = Self.string(scalar.value, Int(scalar.length))
                let style: YAMLNode.Style =
                    switch scalar.style {
                    case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                    case YAML_LITERAL_SCALAR_STYLE: .literal
                    case YAML_FOLDED_SCALAR_STYLE: .folded
                    default: .plain
                    }
                let node = YAMLNode.scalar(
                    text: text, style: style, tag: Self.optionalString(scalar.tag), line: line, column: column)
                expanded += 1
                if let anchor = Self.optionalString(scalar.anchor) { anchors[anchor] = (node, 1) }
                add(node, &root)
            case YAML_ALIAS_EVENT:
                let name = Self.optionalString(event.data.alias.anchor) ?? ""
                guard let anchored = anchors[name] else {
                    return .failure(Failure(
                        kind: .syntax, message: "alias '*\(name)' refers to no anchor defined before it",
                        line: Int(line), column: Int(column)))
                }
                expanded += anchored.weight
                if expanded > budget {
                    return .failure(Failure(
                        kind: .aliasBudget,
                        message: "aliases expand this document beyond \(budget.grouped) nodes (an alias bomb?); '*\(name)' alone repeats \(anchored.weight.grouped)",
                        line: Int(line), column: Int(column)))
                }
                // Point at the alias, so problems inside the repeated part still say where they came from.
                add(anchored.node.moved(line: line, column: column), &root)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
                let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                expanded += 1
                if scratch.count <= stack.count { scratch.append([]) }
                stack.append(Frame(
                    node: YAMLNode.collection(
                        isMapping ? .mapping : .sequence, tag: Self.optionalString(tag), line: line, column: column),
                    anchor: Self.optionalString(anchor), startCount: expanded))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { continue }
                frame.node.storage?.children = Array(scratch[stack.count])
                scratch[stack.count].removeAll(keepingCapacity: true)
                if frame.node.kind == .mapping { Self.finishMapping(frame.node) }
                if let anchor = frame.anchor {
                    anchors[anchor] = (frame.node, expanded - frame.startCount + 1)
                }
                add(frame.node, &root)
            default:
                continue
            }
        }
    }

    /// Appends a finished node to the open collection, or makes it the root.
    private mutating func add(_ node: YAMLNode, _ root: inout YAMLNode?) {
        if !stack.isEmpty {
            scratch[stack.count - 1].append(node)
        } else {
            root = node
        }
    }

    /// Applies `<<` merge keys and sets duplicate keys aside.
    private static func finishMapping(_ node: YAMLNode) {
        guard let mapping = node.storage else { return }
        let count = mapping.children.count / 2
        // Most mappings are small, with neither merges nor repeats: check without allocating.
        var plain = true
        for index in 0..<count {
            let key = mapping.children[2 * index]
            guard key.kind == .scalar else { continue }
            if key.style == .plain, key.text == "<<" {
                plain = false
                break
            }
            if count <= 16 {
                for other in 0..<index where mapping.children[2 * other].kind == .scalar
                    && mapping.children[2 * other].text == key.text
                {
                    plain = false
                    break
                }
                if !plain { break }
            }
        }
        if plain, count <= 16 { return }

        var pairs: [(YAMLNode, YAMLNode)] = []
        pairs.reserveCapacity(count)
        var merges: [YAMLNode] = []
        var firstByKey: [String: Int] = [:]
        var index = 0
        while index + 1 < mapping.children.count {
            let key = mapping.children[index]
            let value = mapping.children[index + 1]
            index += 2
            if key.kind == .scalar, key.style == .plain, key.text == "<<" {
                merges.append(value)
                continue
            }
            if key.kind == .scalar {
                if let first = firstByKey[key.text] {
                    mapping.duplicates.append(.init(key: key, first: pairs[first].0))
                    continue
                }
                firstByKey[key.text] = pairs.count
            }
            pairs.append((key, value))
        }
        // Explicit keys win over merged ones; earlier merge sources win over later ones.
        for merge in merges {
            let sources = merge.kind == .sequence ? merge.children : [merge]
            for source in sources where source.kind == .mapping {
                for (key, value) in source.pairs where key.kind != .scalar || firstByKey[key.text] == nil {
                    if key.kind == .scalar { firstByKey[key.text] = pairs.count }
                    pairs.append((key, value))
                }
            }
        }
        if merges.isEmpty && mapping.duplicates.isEmpty { return }
        mapping.children = pairs.flatMap { [$0.0, $0.1] }
    }

    private static func parserFailure(_ parser: yaml_parser_t) -> Failure {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        let mark = parser.problem_mark
        if problem.contains("Maximum nesting level") {
            return Failure(
                kind: .nestingTooDeep, message: "the YAML nests deeper than 1,000 levels",
                line: mark.line + 1, column: mark.column + 1)
        }
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " (\(context) at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1))"
        }
        if problem.contains("expected ',' or '}'") || problem.contains("expected ',' or ']'") {
            message += "; inside { } or [ ], quote text that holds ',', '[', ']', '{', '}' or ': '"
        }
        return Failure(kind: .syntax, message: message, line: mark.line + 1, column: mark.column + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String {
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private static func optionalString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}

extension Int {
    /// `250,000`: digits grouped by thousands, for messages.
    var grouped: String {
        let digits = String(self.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (self < 0 ? "-" : "") + result
    }
}
