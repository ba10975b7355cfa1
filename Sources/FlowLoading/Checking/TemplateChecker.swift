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

    init(variables: [VariableDeclaration]) {
        var names: [String: ExpressionType] = [:]
        for variable in variables { names[variable.name] = variable.type }
        names["session"] = .record(FlowScope.sessionType)
        names["input"] = .string
        self.names = names
    }

    /// The template's problems, and the declared names it reads.
    func check(_ template: String) -> (problems: [Problem], names: Set<String>) {
        let compiled: MustacheTemplate
        do {
            compiled = try MustacheTemplate(string: template)
        } catch let error as MustacheTemplate.ParserError {
            return ([Problem(
                kind: .syntax(line: error.context.lineNumber, column: error.context.columnNumber),
                message: "template is not valid Mustache: \(Self.describe(error.error))")], [])
        } catch {
            return ([Problem(kind: .syntax(line: 1, column: 1), message: "template is not valid Mustache: \(error)")], [])
        }
        var unknown: [String] = []
        var read: Set<String> = []
        for truthy in [true, false] {
            let log = LookupLog()
            _ = compiled.render(StandIn(type: nil, fields: names, truthy: truthy, path: "", log: log, isRoot: true))
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
        return (problems, read)
    }

    /// Renders a template for measuring: every variable stands in as text of its likely length.
    static func renderForLength(_ template: String, variables: [VariableDeclaration], defaultLength: Int) -> String? {
        guard let compiled = try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + template) else { return nil }
        var values: [String: Any] = [:]
        for variable in variables {
            let length = variable.maxLength ?? defaultLength
            values[variable.name] = String(repeating: "0", count: length)
        }
        return compiled.render(values)
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
        return sample(of: type, path: isRoot ? name : "\(path).\(name)")
    }

    private func sample(of type: ExpressionType, path: String) -> Any? {
        switch type {
        case .bool: return truthy
        case .int: return truthy ? 1 : 0
        case .decimal: return truthy ? 1.5 : 0.0
        case .string: return truthy ? "x" : ""
        case .list(let element): return truthy ? [sample(of: element, path: path) as Any] : [Any]()
        case .record(let record):
            guard truthy else { return nil }
            var fields: [String: ExpressionType] = [:]
            for field in record.fields { fields[field.name] = field.type }
            return StandIn(type: type, fields: fields, truthy: truthy, path: path, log: log, isRoot: false)
        }
    }
}
