import FlowExpression
import FlowModel
import Mustache

/// Checks prompt templates with swift-mustache itself: the syntax by parsing, and the
/// names by rendering against stand-in values shaped like the declared variables while
/// recording every name the template asks for that the flow does not declare.
///
/// Rendering twice (once with every value truthy, once with every value falsy) walks
/// both sides of `{{#section}}` and `{{^inverted}}` blocks.
struct TemplateChecker {
    struct Problem: Equatable {
        enum Kind: Equatable {
            case syntax(line: Int, column: Int)
            case undeclared(name: String)
        }

        var kind: Kind
        var message: String
        var suggestion: String?
    }

    /// Declared names and their types (variables and built-ins).
    let names: [String: ExpressionType]
    /// How long each text stands in as when measuring: its max-length, else `assumedLength`.
    let lengths: [String: Int]

    /// Text variables without `max-length` count as this many characters when measuring.
    static let assumedLength = 10

    init(variables: [VariableDeclaration]) {
        var names: [String: ExpressionType] = [:]
        var lengths: [String: Int] = [:]
        for variable in variables {
            names[variable.name] = variable.type
            lengths[variable.name] = variable.maxLength ?? Self.assumedLength
        }
        names["session"] = .record(FlowScope.sessionType)
        names["input"] = .string
        self.names = names
        self.lengths = lengths
    }

    struct Result {
        var problems: [Problem]
        /// Declared names the template reads.
        var names: Set<String>
        /// The template rendered with each value at its longest; nil when it does not parse.
        var longestRendering: String?
    }

    /// The template's problems, the declared names it reads, and its longest rendering.
    func check(_ template: String) -> Result {
        // Most prompts are plain text: without a tag there is nothing to parse or resolve.
        guard template.utf8.contains(UInt8(ascii: "{")) else {
            return Result(problems: [], names: [], longestRendering: template)
        }
        return checkSimple(template) ?? checkWithMustache(template)
    }

    /// The general path: swift-mustache parses the template and renders it against stand-ins.
    func checkWithMustache(_ template: String) -> Result {
        let compiled: MustacheTemplate
        do {
            // Only variable values are ever escaped, and the stand-ins are plain digits, so the
            // default (HTML) content type measures the same as plain text and needs no pragma,
            // whose lookup takes a process-wide lock.
            compiled = try MustacheTemplate(string: template)
        } catch let error as MustacheTemplate.ParserError {
            let column = error.context.columnNumber
            return Result(
                problems: [Problem(
                    kind: .syntax(line: error.context.lineNumber, column: column),
                    message: "template is not valid Mustache: \(Self.describe(error.error))")],
                names: [], longestRendering: nil)
        } catch {
            return Result(
                problems: [Problem(kind: .syntax(line: 1, column: 1), message: "template is not valid Mustache: \(error)")],
                names: [], longestRendering: nil)
        }
        var unknown: [String] = []
        var read: Set<String> = []
        var longest: String?
        // Sections hide their content when false and inverted sections when true: walk both
        // sides only when the template has either.
        let hasSections = template.utf8.containsTag(UInt8(ascii: "#")) || template.utf8.containsTag(UInt8(ascii: "^"))
        for truthy in hasSections ? [true, false] : [true] {
            let log = LookupLog()
            let rendered = compiled.render(
                StandIn(type: nil, fields: names, lengths: lengths, truthy: truthy, path: "", log: log, isRoot: true))
            if truthy { longest = rendered }
            for name in log.undeclared() where !unknown.contains(name) { unknown.append(name) }
            read.formUnion(log.declared())
        }
        let problems = unknown.map { name in
            let root = String(name.split(separator: ".").first ?? "")
            let candidates = names[root] == nil ? Array(names.keys) : Self.fieldNames(of: names[root])
            let last = String(name.split(separator: ".").last ?? "")
            return Problem(
                kind: .undeclared(name: name), message: "template reads '\(name)', which the flow does not declare",
                suggestion: DidYouMean.suggestion(for: names[root] == nil ? root : last, among: candidates))
        }
        return Result(problems: problems, names: read, longestRendering: longest)
    }

    /// The fast path for plain variable tags that all name declared scalar values; nil
    /// when the template needs swift-mustache (see `SimpleTemplate`).
    func checkSimple(_ template: String) -> Result? {
        guard let simple = SimpleTemplate(template) else { return nil }
        var rendered = ""
        var read: Set<String> = []
        for (index, name) in simple.names.enumerated() {
            let parts = name.split(separator: ".")
            guard let root = parts.first, var type = names[String(root)] else { return nil }
            for field in parts.dropFirst() {
                guard case .record(let record) = type, let next = record.fields.first(where: { $0.name == field })
                else { return nil }
                type = next.type
            }
            switch type {
            case .string, .int, .decimal: break
            default: return nil
            }
            let length = parts.count == 1 ? (lengths[name] ?? Self.assumedLength) : Self.assumedLength
            rendered += simple.segments[index]
            rendered += String(repeating: "0", count: length)
            read.insert(String(root))
        }
        rendered += simple.segments[simple.names.count]
        return Result(problems: [], names: read, longestRendering: rendered)
    }

    private static func fieldNames(of type: ExpressionType?) -> [String] {
        if case .record(let record)? = type { return record.fields.map(\.name) }
        return []
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened with"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a section is opened but never closed"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "an inheritance section holds a tag it cannot"
        case .textInsideInheritSection: return "an inheritance section holds text"
        case .invalidConfigVariableSyntax: return "a {{% ... }} pragma is malformed"
        case .unrecognisedConfigVariable: return "a {{% ... }} pragma is not one swift-mustache knows"
        }
    }
}

/// The order in which a render asked for names, to tell a section's miss that falls
/// through to the root (fine) from a dotted path's miss (an undeclared field).
private final class LookupLog {
    enum Entry {
        case rootMiss(String)
        case rootHit(String)
        case fieldMiss(path: String, field: String)
    }

    var entries: [Entry] = []

    /// Root names that were found.
    func declared() -> Set<String> {
        Set(entries.compactMap { if case .rootHit(let name) = $0 { return name } else { return nil } })
    }

    func undeclared() -> [String] {
        var result: [String] = []
        for (index, entry) in entries.enumerated() {
            switch entry {
            case .rootMiss(let name):
                result.append(name)
            case .fieldMiss(let path, let field):
                // A miss inside a section's record is followed by the lookup at the root.
                let fallsThrough = entries.dropFirst(index + 1).contains {
                    switch $0 {
                    case .rootHit(let name), .rootMiss(let name): name == field
                    case .fieldMiss: false
                    }
                }
                if !fallsThrough { result.append("\(path).\(field)") }
            case .rootHit:
                continue
            }
        }
        return result
    }
}

/// A value standing in for a declared variable during a checking render.
private struct StandIn: MustacheParent {
    let type: ExpressionType?
    let fields: [String: ExpressionType]
    let lengths: [String: Int]
    let truthy: Bool
    let path: String
    let log: LookupLog
    let isRoot: Bool

    func child(named name: String) -> Any? {
        guard let type = fields[name] else {
            log.entries.append(isRoot ? .rootMiss(name) : .fieldMiss(path: path, field: name))
            return nil
        }
        if isRoot { log.entries.append(.rootHit(name)) }
        return sample(of: type, path: isRoot ? name : "\(path).\(name)", length: lengths[name] ?? TemplateChecker.assumedLength)
    }

    /// Truthy values are as long as the variable can be, so the truthy rendering measures the longest text.
    private func sample(of type: ExpressionType, path: String, length: Int) -> Any? {
        switch type {
        case .bool: return truthy
        case .int, .decimal, .string: return truthy ? String(repeating: "0", count: length) : ""
        case .list(let element): return truthy ? [sample(of: element, path: path, length: length) as Any] : [Any]()
        case .record(let record):
            guard truthy else { return nil }
            var fields: [String: ExpressionType] = [:]
            for field in record.fields { fields[field.name] = field.type }
            return StandIn(type: type, fields: fields, lengths: [:], truthy: truthy, path: path, log: log, isRoot: false)
        }
    }
}

extension String.UTF8View {
    /// Whether the text holds `{{` followed by `sigil` (a section or inverted section tag).
    func containsTag(_ sigil: UInt8) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in self {
            if previous == (UInt8(ascii: "{"), UInt8(ascii: "{")), byte == sigil { return true }
            previous = (previous.1, byte)
        }
        return false
    }
}
