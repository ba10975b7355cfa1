/// The common case of a prompt template: text with plain variable tags (`{{amount}}`,
/// `{{ bill.total }}`) that all name declared text, number or date-like values.
///
/// For such a template swift-mustache's parse and render would only confirm what a scan
/// of the bytes shows, so `TemplateChecker` takes this fast path and leaves everything
/// else (sections, triple braces, unknown names, anything unusual) to swift-mustache,
/// which stays the authority on the syntax. `TemplateCheckerTests` holds the two paths
/// to the same answers.
struct SimpleTemplate {
    /// Tag contents, in order, without the braces and surrounding spaces.
    let names: [String]
    /// The text between tags: `segments.count == names.count + 1`.
    let segments: [Substring]

    /// Nil unless every `{{` opens a plain variable tag whose name is a dotted identifier,
    /// and no lone `{` stands in the text (swift-mustache treats some of those specially).
    init?(_ template: String) {
        let braces = template.utf8.count { $0 == UInt8(ascii: "{") }
        var names: [String] = []
        var segments: [Substring] = []
        var rest = template[...]
        while let open = rest.range(ofBytes: "{{") {
            segments.append(rest[..<open.lowerBound])
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(ofBytes: "}}") else { return nil }
            let inside = afterOpen[..<close.lowerBound]
            guard let name = Self.plainName(inside) else { return nil }
            names.append(name)
            rest = afterOpen[close.upperBound...]
        }
        segments.append(rest)
        guard braces == 2 * names.count else { return nil }
        self.names = names
        self.segments = segments
    }

    /// `amount`, ` bill.total ` -> the name; nil for anything that is not a plain variable tag.
    private static func plainName(_ inside: Substring) -> String? {
        let bytes = inside.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == UInt8(ascii: " ") { start = bytes.index(after: start) }
        while end > start, bytes[bytes.index(before: end)] == UInt8(ascii: " ") { end = bytes.index(before: end) }
        guard start < end else { return nil }
        var atPartStart = true
        for byte in bytes[start..<end] {
            let letter = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
            let digit = byte >= 0x30 && byte <= 0x39
            if atPartStart {
                guard letter else { return nil }
                atPartStart = false
            } else if byte == UInt8(ascii: ".") {
                atPartStart = true
            } else if !(letter || digit) {
                return nil
            }
        }
        guard !atPartStart else { return nil }
        return String(Substring(bytes[start..<end]))
    }
}

extension Substring {
    /// The first occurrence of an ASCII string, compared byte by byte.
    func range(ofBytes needle: StaticString) -> Range<Index>? {
        let target = needle.utf8Start
        let count = needle.utf8CodeUnitCount
        let bytes = utf8
        var index = bytes.startIndex
        while index != bytes.endIndex {
            var probe = index
            var matched = 0
            while matched < count, probe != bytes.endIndex, bytes[probe] == target[matched] {
                probe = bytes.index(after: probe)
                matched += 1
            }
            if matched == count { return index..<probe }
            index = bytes.index(after: index)
        }
        return nil
    }
}
