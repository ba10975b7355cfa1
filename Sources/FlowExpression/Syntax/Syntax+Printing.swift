/// The canonical text of a tree: single-quoted strings, one space around binary operators,
/// and parentheses only where the grammar needs them, so that parsing the text gives the
/// same tree back.
extension Syntax {
    var canonicalText: String {
        var text = ""
        write(to: &text)
        return text
    }

    /// The precedence the node prints at: a parent parenthesizes children that bind looser
    /// than its position allows.
    private var printedPrecedence: Int {
        switch kind {
        case .conditional: 1
        case .binary(let op, _, _, _): op.precedence
        case .unary: 8
        // A negative number prints with its minus, so it binds like a unary operator.
        case .literal(.int(let value)) where value < 0: 8
        case .literal(.decimal(let value)) where value < 0: 8
        default: 9
        }
    }

    private func write(to text: inout String) {
        switch kind {
        case .literal(let literal):
            text += literal.canonicalText
        case .name(let name):
            text += name
        case .unary(let op, let operand):
            text += op.rawValue
            // `-(7)` must keep its parentheses: `-7` is the literal minus seven.
            let isPositiveNumber: Bool =
                switch operand.kind {
                case .literal(.int), .literal(.decimal): operand.printedPrecedence == 9
                default: false
                }
            operand.write(
                to: &text, parenthesized: operand.printedPrecedence < 8 || (op == .negate && isPositiveNumber))
        case .binary(let op, let left, let right, _):
            let precedence = op.precedence
            // Left-associative: a left child at the same level needs no parentheses, except
            // under a comparison, which does not chain.
            let leftNeeds =
                left.printedPrecedence < precedence || (op.isComparison && left.printedPrecedence == precedence)
            left.write(to: &text, parenthesized: leftNeeds)
            text += " \(op.rawValue) "
            right.write(to: &text, parenthesized: right.printedPrecedence <= precedence)
        case .conditional(let condition, let then, let otherwise):
            condition.write(to: &text, parenthesized: condition.printedPrecedence <= 1)
            text += " ? "
            then.write(to: &text)
            text += " : "
            otherwise.write(to: &text)
        case .list(let elements):
            text += "["
            writeList(elements, to: &text)
            text += "]"
        case .member(let receiver, let field, _):
            receiver.write(to: &text, parenthesized: receiver.printedPrecedence < 9)
            text += "." + field
        case .index(let receiver, let index):
            receiver.write(to: &text, parenthesized: receiver.printedPrecedence < 9)
            text += "["
            index.write(to: &text)
            text += "]"
        case .call(let function, _, let arguments):
            text += function + "("
            writeList(arguments, to: &text)
            text += ")"
        case .method(let receiver, let name, _, let arguments):
            receiver.write(to: &text, parenthesized: receiver.printedPrecedence < 9)
            text += "." + name + "("
            writeList(arguments, to: &text)
            text += ")"
        }
    }

    private func write(to text: inout String, parenthesized: Bool) {
        if parenthesized { text += "(" }
        write(to: &text)
        if parenthesized { text += ")" }
    }

    private func writeList(_ items: [Syntax], to text: inout String) {
        for (offset, item) in items.enumerated() {
            if offset > 0 { text += ", " }
            item.write(to: &text)
        }
    }
}

extension Literal {
    var canonicalText: String {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .decimal(let value): LiteralText.decimal(value)
        case .string(let value): LiteralText.quoted(value)
        }
    }
}
