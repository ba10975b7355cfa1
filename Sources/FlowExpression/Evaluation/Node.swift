/// A checked expression tree, ready to evaluate: names are slots, fields are indexes, every
/// operator already knows its operand types, and literal lists are single constants.
///
/// Nothing here is looked up by string at run time; this is the hot path of every guard.
indirect enum Node: Sendable, Hashable {
    case constant(Value)
    case slot(Int)
    case field(Node, Int, ExpressionRange)
    case index(Node, Node, ExpressionRange)
    /// int to decimal, list(int) to list(decimal): where a decimal is expected.
    case widen(Node)

    case not(Node)
    case negate(NumberKind, Node, ExpressionRange)
    case and(Node, Node)
    case or(Node, Node)
    case conditional(Node, then: Node, else: Node)

    case equal(Node, Node)
    case notEqual(Node, Node)
    case compare(Comparison, OrderedKind, Node, Node, ExpressionRange)
    /// `element in list`.
    case isElement(Node, of: Node)

    case arithmetic(Arithmetic, NumberKind, Node, Node, ExpressionRange)
    case joinStrings(Node, Node)
    case joinLists(Node, Node)
    case list([Node])

    /// `has(x)`, `has(x.y)`: whether the slot was set.
    case isSet(Int)
    case unaryFunction(UnaryFunction, Node, ExpressionRange)
    case binaryFunction(BinaryFunction, Node, Node, ExpressionRange)
    /// `s.matches('literal')`: the pattern compiled when the expression was checked.
    case matchesPattern(Node, CompiledPattern)
    /// `s.matches(expression)`: compiled on first use of each text, then cached.
    case matchesDynamic(Node, Node, PatternCache, ExpressionRange)
}

enum NumberKind: Sendable, Hashable {
    case int, decimal
}

/// What `<` and friends compare: numbers by value, strings by code point.
enum OrderedKind: Sendable, Hashable {
    case int, decimal, string
}

enum Comparison: Sendable, Hashable {
    case less, lessOrEqual, greater, greaterOrEqual
}

enum Arithmetic: String, Sendable, Hashable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
}

/// One-argument built-ins, each specialised to its argument type when checked.
enum UnaryFunction: Sendable, Hashable {
    case sizeOfString, sizeOfList
    case intFromString, intFromDecimal
    case decimalFromString
    case stringFromBool, stringFromInt, stringFromDecimal
    case absInt, absDecimal
    case lower, upper, trim
}

/// Two-argument built-ins.
enum BinaryFunction: Sendable, Hashable {
    case startsWith, endsWith, contains
    case minInt, maxInt, minDecimal, maxDecimal
}
