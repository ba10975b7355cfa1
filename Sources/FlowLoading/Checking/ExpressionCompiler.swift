import FlowExpression
import FlowModel

/// Compiles the expressions of one flow against its scope, reporting each problem at the
/// exact line and column inside the YAML scalar where it is.
struct ExpressionCompiler {
    let scope: ExpressionScope
    let context: DecodeContext
    /// One flow writes the same expressions many times (`input == '1'` in every menu);
    /// within one scope, a text and an expected type always compile alike.
    private let cache = Cache()

    private final class Cache {
        struct Key: Hashable {
            var text: String
            var expecting: ExpressionType?
        }

        var results: [Key: Result<CheckedExpression, ExpressionErrors>] = [:]
    }

    init(scope: ExpressionScope, context: DecodeContext) {
        self.scope = scope
        self.context = context
    }

    /// Compiles the scalar `node` as an expression of type `expecting` (any type when nil).
    func compile(_ node: YAMLNode, _ what: String, expecting: ExpressionType?) -> SourceExpression? {
        guard let text = context.expressionText(node, what) else { return nil }
        return compile(text: text, node: node, what, expecting: expecting)
    }

    /// Compiles text that was written at `node` (or synthesised for it, as option guards are).
    func compile(text: String, node: YAMLNode, _ what: String, expecting: ExpressionType?, offsetShift: Int = 0)
        -> SourceExpression
    {
        let location = context.location(node)
        let key = Cache.Key(text: text, expecting: expecting)
        let result = cache.results[key] ?? CheckedExpression.compile(text, in: scope, expecting: expecting)
        cache.results[key] = result
        switch result {
        case .success(let checked):
            return SourceExpression(text: text, location: location, checked: checked)
        case .failure(let failure):
            for error in failure.errors {
                report(error, in: text, node: node, what, offsetShift: offsetShift)
            }
            return SourceExpression(text: text, location: location, checked: nil)
        }
    }

    private func report(_ error: ExpressionError, in text: String, node: YAMLNode, _ what: String, offsetShift: Int) {
        let rule: LintRule =
            switch error.kind {
            case .syntax: .expressionSyntax
            case .undeclaredName: .undeclaredVariable
            case .typeMismatch: .typeMismatch
            case .unknownFunction: .unknownFunction
            case .invalidRegex: .invalidPattern
            }
        var message = "\(what): \(error.message)"
        if let suggestion = error.suggestion {
            message += "; did you mean '\(suggestion)'?"
        } else if error.kind == .undeclaredName, Self.looksLikeBareText(text) {
            message += "; to write the text itself, quote it inside the YAML string: \"'\(text)'\""
        }
        let location = Self.location(ofOffset: error.range.start + offsetShift, in: node, text: text, context: context)
        context.report(Diagnostic(rule, message, at: location))
    }

    /// Words like `timeout` or `no-answer` that a designer meant as text, not as names.
    private static func looksLikeBareText(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "-" || $0 == "_" }
    }

    /// The line and column of an offset (in Unicode scalars) inside a scalar's text.
    ///
    /// Exact for single-line plain and quoted scalars (escapes in double quotes aside);
    /// block scalars and folded lines point at the scalar itself.
    static func location(ofOffset offset: Int, in node: YAMLNode, text: String, context: DecodeContext) -> SourceLocation {
        var location = context.location(node)
        guard !text.contains("\n") else { return location }
        switch node.style {
        case .plain: location.column += offset
        case .singleQuoted, .doubleQuoted: location.column += offset + 1
        default: break
        }
        return location
    }
}
