import FlowModel

/// Collects the diagnostics of one file while it is decoded, and reads typed scalars.
///
/// Every accessor reports what is wrong where, and returns nil, so that decoding goes on
/// and finds the file's other problems too.
final class DecodeContext {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, line: Int(node.line), column: Int(node.column))
    }

    func report(
        _ rule: LintRule, _ message: String, at node: YAMLNode, severity: Diagnostic.Severity? = nil,
        notes: [Diagnostic.Note] = []
    ) {
        diagnostics.append(Diagnostic(rule, message, at: location(node), severity: severity, notes: notes))
    }

    func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    // MARK: Typed scalars

    /// Text: a quoted scalar, or a plain one that YAML reads as text.
    func text(_ node: YAMLNode, _ what: String) -> String? {
        guard node.kind == .scalar else {
            report(.wrongType, "\(what) must be text, found \(node.kindDescription)", at: node)
            return nil
        }
        if ScalarResolution.of(node) != .string {
            let hint = node.isNull ? "" : "; quote it to make it text: '\(node.text)'"
            report(.wrongType, "\(what) must be text, found \(node.kindDescription)\(hint)", at: node)
            return nil
        }
        return node.text
    }

    /// Text or a whole number written without quotes (codes, DTMF keys): `code: 101` is fine.
    func textOrInteger(_ node: YAMLNode, _ what: String) -> String? {
        if node.kind == .scalar, case .int = ScalarResolution.of(node) {
            return node.text
        }
        return text(node, what)
    }

    /// Non-empty text.
    func nonEmptyText(_ node: YAMLNode, _ what: String) -> String? {
        guard let value = text(node, what) else { return nil }
        guard !value.trimmingWhitespace.isEmpty else {
            report(.invalidValue, "\(what) must not be empty", at: node)
            return nil
        }
        return value
    }

    func integer(_ node: YAMLNode, _ what: String, range: ClosedRange<Int64>? = nil) -> Int? {
        guard node.kind == .scalar, case .int(let value) = ScalarResolution.of(node) else {
            report(.wrongType, "\(what) must be a whole number, found \(node.kindDescription)", at: node)
            return nil
        }
        if let range, !range.contains(value) {
            report(.invalidValue, "\(what) must be between \(range.lowerBound) and \(range.upperBound), found \(value)", at: node)
            return nil
        }
        return Int(value)
    }

    func number(_ node: YAMLNode, _ what: String, range: ClosedRange<Double>? = nil) -> Double? {
        guard node.kind == .scalar else {
            report(.wrongType, "\(what) must be a number, found \(node.kindDescription)", at: node)
            return nil
        }
        let value: Double
        switch ScalarResolution.of(node) {
        case .int(let integer): value = Double(integer)
        case .float(let float) where float.isFinite: value = float
        default:
            report(.wrongType, "\(what) must be a number, found \(node.kindDescription)", at: node)
            return nil
        }
        if let range, !range.contains(value) {
            report(.invalidValue, "\(what) must be between \(range.lowerBound) and \(range.upperBound), found \(node.text)", at: node)
            return nil
        }
        return value
    }

    func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        guard node.kind == .scalar, case .bool(let value) = ScalarResolution.of(node) else {
            report(.wrongType, "\(what) must be true or false, found \(node.kindDescription)", at: node)
            return nil
        }
        return value
    }

    /// `500ms`, `5s`, `3m`, `24h`, `2d`, `1h30m`.
    func duration(_ node: YAMLNode, _ what: String) -> FlowDuration? {
        guard let text = text(node, what) else { return nil }
        guard let duration = FlowDuration(parsing: text) else {
            report(.invalidValue, "\(what) '\(text)' is not a duration; write a number with a unit: 500ms, 5s, 3m, 24h, 2d or 1h30m", at: node)
            return nil
        }
        return duration
    }

    /// One of an enumeration's raw values, with a did-you-mean.
    func choice<E: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: String, as type: E.Type) -> E?
    where E.RawValue == String {
        guard let text = text(node, what) else { return nil }
        if let value = E(rawValue: text) { return value }
        let names = E.allCases.map(\.rawValue)
        report(
            .invalidValue,
            "\(what) '\(text)' is not one of \(names.joined(separator: ", "))\(DidYouMean.clause(for: text, among: names))",
            at: node)
        return nil
    }

    /// An identifier: lowercase letters, digits and `-`, with `.` between parts (`bill-inquiry.ivr`).
    func identifier(_ node: YAMLNode, _ what: String, style: IdentifierStyle = .name) -> String? {
        guard let text = textOrInteger(node, what) else { return nil }
        guard style.accepts(text) else {
            report(.invalidValue, "\(what) '\(text)' is not a valid identifier: \(style.rule)", at: node)
            return nil
        }
        return text
    }

    /// A name reference with its location.
    func nameRef(_ node: YAMLNode, _ what: String, style: IdentifierStyle = .name) -> NameRef? {
        identifier(node, what, style: style).map { NameRef(name: $0, location: location(node)) }
    }

    /// `title: text` or `title: { zh: ..., en: ... }`.
    func localizedText(_ node: YAMLNode, _ what: String) -> LocalizedText? {
        if node.kind == .scalar {
            return nonEmptyText(node, what).map { LocalizedText(zh: $0) }
        }
        guard node.kind == .mapping else {
            report(.wrongType, "\(what) must be text or a mapping with zh and en, found \(node.kindDescription)", at: node)
            return nil
        }
        var reader = MappingReader(node, what, self)
        let zh = reader.take("zh").flatMap { nonEmptyText($0, "\(what).zh") }
        let en = reader.take("en").flatMap { nonEmptyText($0, "\(what).en") }
        reader.finish(allowed: ["zh", "en"])
        guard zh != nil || en != nil else {
            report(.missingKey, "\(what) needs zh, en or both", at: node)
            return nil
        }
        return LocalizedText(zh: zh, en: en)
    }

    /// A list of names; a single name is accepted as a list of one.
    func nameList(_ node: YAMLNode, _ what: String, style: IdentifierStyle = .name) -> [NameRef] {
        if node.kind == .scalar { return nameRef(node, what, style: style).map { [$0] } ?? [] }
        guard let items = sequence(node, what) else { return [] }
        return items.compactMap { nameRef($0, "\(what) entry", style: style) }
    }

    func sequence(_ node: YAMLNode, _ what: String) -> [YAMLNode]? {
        guard node.kind == .sequence else {
            report(.wrongType, "\(what) must be a list, found \(node.kindDescription)", at: node)
            return nil
        }
        return node.children
    }

    func mapping(_ node: YAMLNode, _ what: String) -> YAMLNode? {
        guard node.kind == .mapping else {
            report(.wrongType, "\(what) must be a mapping, found \(node.kindDescription)", at: node)
            return nil
        }
        return node
    }

    /// The pairs of a mapping whose keys are identifiers, reporting duplicates with `rule`.
    func namedEntries(
        _ node: YAMLNode, _ what: String, keyStyle: IdentifierStyle = .name, duplicateRule: LintRule = .duplicateKey
    ) -> [(name: String, key: YAMLNode, value: YAMLNode)] {
        guard let node = mapping(node, what) else { return [] }
        for duplicate in node.duplicates {
            let message = duplicateRule == .duplicateState
                ? "state '\(duplicate.key.text)' is declared twice; state ids must be unique"
                : "\(what) declares '\(duplicate.key.text)' twice"
            report(
                duplicateRule, message, at: duplicate.key,
                notes: [.init("first declared here", at: location(duplicate.first))])
        }
        return node.pairs.compactMap { pair in
            guard pair.key.kind == .scalar else {
                report(.wrongType, "keys of \(what) must be names, found \(pair.key.kindDescription)", at: pair.key)
                return nil
            }
            guard let name = identifier(pair.key, "name in \(what)", style: keyStyle) else { return nil }
            return (name, pair.key, pair.value)
        }
    }

    /// Any scalar, as the text of an expression: `when: true`, `set: { n: 0 }`, `when: a > b`.
    func expressionText(_ node: YAMLNode, _ what: String) -> String? {
        guard node.kind == .scalar else {
            report(.wrongType, "\(what) must be an expression (text), found \(node.kindDescription)", at: node)
            return nil
        }
        if node.isNull {
            report(.wrongType, "\(what) must be an expression, found nothing (an empty value)", at: node)
            return nil
        }
        return node.text
    }
}

/// The shapes identifiers may take.
enum IdentifierStyle {
    /// `bill-inquiry`, `bill-inquiry.ivr`, `billing.lookup`, `front_line`.
    case name
    /// A variable name usable in expressions: `amount`, `retry_count`.
    case variable
    /// A code: letters and digits (`V`, `G`, `101`).
    case code

    var rule: String {
        switch self {
        case .name: "use letters, digits, '-' and '_', starting with a letter, with '.' between parts"
        case .variable: "use letters, digits and '_', starting with a letter (a variable is read by expressions, where '-' means minus)"
        case .code: "use letters and digits only"
        }
    }

    func accepts(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, bytes.count <= 128 else { return false }
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        switch self {
        case .code:
            return bytes.allSatisfy { isLetter($0) || isDigit($0) }
        case .variable:
            return (isLetter(first) || first == 0x5F) && bytes.allSatisfy { isLetter($0) || isDigit($0) || $0 == 0x5F }
        case .name:
            // Parts separated by '.', each starting with a letter.
            var atPartStart = true
            for byte in bytes {
                if atPartStart {
                    guard isLetter(byte) else { return false }
                    atPartStart = false
                } else if byte == 0x2E {
                    atPartStart = true
                } else if !(isLetter(byte) || isDigit(byte) || byte == 0x2D || byte == 0x5F) {
                    return false
                }
            }
            return !atPartStart
        }
    }
}

extension String {
    var trimmingWhitespace: Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return self[first...last]
    }
}
