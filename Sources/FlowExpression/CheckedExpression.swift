/// A parsed, type-checked expression with every name resolved to a slot and every field to
/// an index.
///
/// ```swift
/// switch CheckedExpression.compile("amount > 100 && !verified", in: scope, expecting: .bool) {
/// case .success(let guardExpression):
///     let passes = try guardExpression.evaluate(in: session) == .bool(true)
/// case .failure(let problems):
///     for problem in problems.errors { print(problem) }   // 0..<5: 'amout' is not declared; ...
/// }
/// ```
public struct CheckedExpression: Sendable, Hashable, CustomStringConvertible {
    /// Texts longer than this many Unicode scalars are refused before they are read.
    public static let maximumLength = 4_096
    /// Sub-expressions may nest this many levels deep (parentheses, operators, calls).
    public static let maximumDepth = Parser.maximumDepth

    /// Everything, in one immutable object: an expression is copied wherever a guard is
    /// read, and a copy should cost one retain, not one per field.
    private final class Storage: Sendable {
        let source: String
        let type: ExpressionType
        let referencedSlots: Set<Int>
        let description: String
        let root: Node
        let length: Int

        init(source: String, type: ExpressionType, referencedSlots: Set<Int>, description: String, root: Node, length: Int) {
            self.source = source
            self.type = type
            self.referencedSlots = referencedSlots
            self.description = description
            self.root = root
            self.length = length
        }
    }

    private let storage: Storage

    /// The text as written.
    public var source: String { storage.source }
    /// The type of the value the expression gives (the expected type, when one was given and
    /// the expression widens to it).
    public var type: ExpressionType { storage.type }
    /// The slots the expression reads, `has(x)` included (used by lint: "does this loop's
    /// guard read a counter the loop changes?").
    public var referencedSlots: Set<Int> { storage.referencedSlots }
    /// The canonical re-printing: single-quoted strings, one space around binary operators,
    /// parentheses only where needed. Compiling it gives an equal expression's tree back.
    public var description: String { storage.description }
    var root: Node { storage.root }

    init(source: String, type: ExpressionType, referencedSlots: Set<Int>, description: String, root: Node, length: Int) {
        storage = Storage(
            source: source, type: type, referencedSlots: referencedSlots, description: description, root: root,
            length: length)
    }

    public static func == (lhs: CheckedExpression, rhs: CheckedExpression) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.source == rhs.source && lhs.type == rhs.type && lhs.description == rhs.description
                && lhs.referencedSlots == rhs.referencedSlots && lhs.root == rhs.root)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(description)
    }

    /// Parses and checks `text`; `expecting` (if given) is the type the context needs (bool
    /// for guards, the variable's type for assignments), reported as typeMismatch at the
    /// whole range otherwise. Every problem found is reported, in text order.
    public static func compile(
        _ text: String, in scope: ExpressionScope, expecting: ExpressionType? = nil
    ) -> Result<CheckedExpression, ExpressionErrors> {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count <= maximumLength else {
            return .failure(
                ExpressionErrors([
                    ExpressionError(
                        kind: .syntax, message: "the expression is longer than \(maximumLength) characters",
                        range: ExpressionRange(start: maximumLength, end: scalars.count))
                ]))
        }
        let whole = ExpressionRange(start: 0, end: scalars.count)
        let lexer = Lexer(scalars)
        var errors = lexer.errors
        var parser = Parser(tokens: lexer.tokens, scalars: scalars)
        let syntax: Syntax
        do {
            syntax = try parser.parse()
        } catch {
            // An unterminated string swallows the rest of the text; what the parser then
            // misses at the end is the same problem again.
            if let problem = error.error, !(lexer.sawUnterminatedString && error.atEnd) {
                errors.append(problem)
            }
            return .failure(sorted(errors, whole: whole))
        }

        var checker = TypeChecker(scope: scope)
        var checked = checker.check(syntax, hint: expecting)
        errors += checker.errors
        if let typed = checked, let expecting {
            if expecting.isAssignable(from: typed.type) {
                checked = TypeChecker.coerce(typed, to: expecting)
            } else {
                errors.append(
                    ExpressionError(
                        kind: .typeMismatch,
                        message: "this expression is \(typed.type), but \(expecting) is expected here",
                        range: whole))
            }
        }
        guard errors.isEmpty, let checked else {
            return .failure(sorted(errors, whole: whole))
        }
        return .success(
            CheckedExpression(
                source: text, type: checked.type, referencedSlots: checker.referencedSlots,
                description: syntax.canonicalText, root: checked.node, length: scalars.count))
    }

    /// Evaluates against an environment. Pure: no clock, no I/O.
    public func evaluate<E: ExpressionEnvironment>(in environment: E) throws(EvaluationError) -> Value {
        try storage.root.evaluate(in: environment, ExpressionRange(start: 0, end: storage.length))
    }

    /// Problems in text order; never empty, since a failed compile must say why.
    private static func sorted(_ errors: [ExpressionError], whole: ExpressionRange) -> ExpressionErrors {
        guard !errors.isEmpty else {
            return ExpressionErrors([
                ExpressionError(kind: .syntax, message: "the expression could not be read", range: whole)
            ])
        }
        let ordered = errors.enumerated().sorted {
            ($0.element.range.start, $0.element.range.end, $0.offset) < (
                $1.element.range.start, $1.element.range.end, $1.offset
            )
        }
        return ExpressionErrors(ordered.map(\.element))
    }
}
