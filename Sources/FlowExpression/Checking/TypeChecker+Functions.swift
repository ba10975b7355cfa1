/// Typing rules of the built-in functions and methods.
extension TypeChecker {
    mutating func checkCall(
        _ function: String, nameRange: ExpressionRange, arguments: [Syntax], whole: ExpressionRange
    ) -> Typed? {
        if function == "has" {
            return checkHas(arguments, whole: whole)
        }
        var checked: [Typed?] = []
        for argument in arguments { checked.append(check(argument)) }
        guard BuiltinNames.functions.contains(function) else {
            if BuiltinNames.methods.contains(function) {
                report(
                    .unknownFunction, "'\(function)' is a method: call it on a value, as in x.\(function)(...)",
                    at: nameRange)
            } else {
                report(
                    .unknownFunction, "unknown function '\(function)'", at: nameRange,
                    suggestion: DidYouMean.suggestion(
                        for: function, among: BuiltinNames.functions + BuiltinNames.methods))
            }
            return nil
        }
        let expected = function == "min" || function == "max" ? 2 : 1
        guard arguments.count == expected else {
            reportArity(function, expected: expected, given: arguments.count, at: whole)
            return nil
        }
        let values = checked.compactMap { $0 }
        guard values.count == expected else { return nil }
        let value = values[0]
        let range = arguments[0].range
        switch (function, value.type) {
        case ("size", .string): return Typed(node: .unaryFunction(.sizeOfString, value.node, whole), type: .int)
        case ("size", .list): return Typed(node: .unaryFunction(.sizeOfList, value.node, whole), type: .int)
        case ("int", .string): return Typed(node: .unaryFunction(.intFromString, value.node, whole), type: .int)
        case ("int", .int): return value
        case ("int", .decimal): return Typed(node: .unaryFunction(.intFromDecimal, value.node, whole), type: .int)
        case ("decimal", .string):
            return Typed(node: .unaryFunction(.decimalFromString, value.node, whole), type: .decimal)
        case ("decimal", .int), ("decimal", .decimal): return Self.coerce(value, to: .decimal)
        case ("string", .bool): return Typed(node: .unaryFunction(.stringFromBool, value.node, whole), type: .string)
        case ("string", .int): return Typed(node: .unaryFunction(.stringFromInt, value.node, whole), type: .string)
        case ("string", .decimal):
            return Typed(node: .unaryFunction(.stringFromDecimal, value.node, whole), type: .string)
        case ("string", .string): return value
        case ("abs", .int): return Typed(node: .unaryFunction(.absInt, value.node, whole), type: .int)
        case ("abs", .decimal): return Typed(node: .unaryFunction(.absDecimal, value.node, whole), type: .decimal)
        case ("min", _), ("max", _):
            return checkMinMax(function, values[0], values[1], arguments, whole: whole)
        case ("size", _): report(.typeMismatch, "size() needs a string or a list, not \(value.type)", at: range)
        case ("string", _):
            report(.typeMismatch, "string() needs a bool, int, decimal or string, not \(value.type)", at: range)
        case ("abs", _): report(.typeMismatch, "abs() needs a number, not \(value.type)", at: range)
        default: report(.typeMismatch, "\(function)() needs a string, int or decimal, not \(value.type)", at: range)
        }
        return nil
    }

    private mutating func checkMinMax(
        _ function: String, _ first: Typed, _ second: Typed, _ arguments: [Syntax], whole: ExpressionRange
    ) -> Typed? {
        var numeric = true
        for (value, syntax) in zip([first, second], arguments) where !value.type.isNumeric {
            report(.typeMismatch, "\(function)() needs numbers, not \(value.type)", at: syntax.range)
            numeric = false
        }
        guard numeric else { return nil }
        if first.type == .int, second.type == .int {
            return Typed(
                node: .binaryFunction(function == "min" ? .minInt : .maxInt, first.node, second.node, whole), type: .int
            )
        }
        let (a, b) = (Self.coerce(first, to: .decimal).node, Self.coerce(second, to: .decimal).node)
        return Typed(node: .binaryFunction(function == "min" ? .minDecimal : .maxDecimal, a, b, whole), type: .decimal)
    }

    /// `has(x)`, `has(x.y.z)`: a path, not any expression, since it asks whether a variable
    /// was set rather than what it holds.
    private mutating func checkHas(_ arguments: [Syntax], whole: ExpressionRange) -> Typed? {
        guard arguments.count == 1 else {
            for argument in arguments { _ = check(argument) }
            reportArity("has", expected: 1, given: arguments.count, at: whole)
            return nil
        }
        guard let path = Self.path(arguments[0]) else {
            report(
                .typeMismatch, "has() takes a variable or a field path, such as has(bill.total)", at: arguments[0].range
            )
            return nil
        }
        guard var typed = checkName(path.name, at: path.range), let slot = scope.lookup(path.name)?.slot else {
            return nil
        }
        for (field, fieldRange, whole) in path.fields {
            guard let next = checkField(field, of: typed, at: fieldRange, whole: whole) else { return nil }
            typed = next
        }
        return Typed(node: .isSet(slot), type: .bool)
    }

    private static func path(
        _ syntax: Syntax
    ) -> (name: String, range: ExpressionRange, fields: [(String, ExpressionRange, ExpressionRange)])? {
        switch syntax.kind {
        case .name(let name):
            return (name, syntax.range, [])
        case .member(let receiver, let field, let fieldRange):
            guard var path = path(receiver) else { return nil }
            path.fields.append((field, fieldRange, syntax.range))
            return path
        default:
            return nil
        }
    }

    mutating func checkMethod(
        _ name: String, on receiver: Syntax, nameRange: ExpressionRange, arguments: [Syntax], whole: ExpressionRange
    ) -> Typed? {
        let target = check(receiver)
        var checked: [Typed?] = []
        for argument in arguments { checked.append(check(argument)) }
        guard BuiltinNames.methods.contains(name) else {
            if BuiltinNames.functions.contains(name) {
                report(.unknownFunction, "'\(name)' is a function, not a method: write \(name)(x)", at: nameRange)
            } else {
                report(
                    .unknownFunction, target.map { "\($0.type) has no method '\(name)'" } ?? "unknown method '\(name)'",
                    at: nameRange, suggestion: DidYouMean.suggestion(for: name, among: BuiltinNames.methods))
            }
            return nil
        }
        // A literal pattern is compiled now, whatever else is wrong, so a bad one is
        // reported at load time and a good one is never compiled again.
        var pattern: CompiledPattern?
        if name == "matches", let first = arguments.first, case .literal(.string(let text)) = first.kind {
            do {
                pattern = try CompiledPattern(text)
            } catch {
                report(.invalidRegex, "invalid regular expression: \(error.message)", at: first.range)
                return nil
            }
        }
        let expected = BuiltinNames.methodsWithoutArguments.contains(name) ? 0 : 1
        guard arguments.count == expected else {
            reportArity(name, expected: expected, given: arguments.count, at: whole)
            return nil
        }
        guard let target else { return nil }
        if name == "size" {
            switch target.type {
            case .string: return Typed(node: .unaryFunction(.sizeOfString, target.node, whole), type: .int)
            case .list: return Typed(node: .unaryFunction(.sizeOfList, target.node, whole), type: .int)
            default:
                report(.typeMismatch, "size() applies to strings and lists, not \(target.type)", at: receiver.range)
                return nil
            }
        }
        var valid = true
        if target.type != .string {
            report(.typeMismatch, "method '\(name)()' applies to strings, not \(target.type)", at: receiver.range)
            valid = false
        }
        let argument = checked.first ?? nil
        if let argument, argument.type != .string {
            report(.typeMismatch, "\(name)() needs a string argument, not \(argument.type)", at: arguments[0].range)
            valid = false
        }
        guard valid, checked.allSatisfy({ $0 != nil }) else { return nil }
        switch (name, argument) {
        case ("lower", _): return Typed(node: .unaryFunction(.lower, target.node, whole), type: .string)
        case ("upper", _): return Typed(node: .unaryFunction(.upper, target.node, whole), type: .string)
        case ("trim", _): return Typed(node: .unaryFunction(.trim, target.node, whole), type: .string)
        case ("startsWith", let argument?):
            return Typed(node: .binaryFunction(.startsWith, target.node, argument.node, whole), type: .bool)
        case ("endsWith", let argument?):
            return Typed(node: .binaryFunction(.endsWith, target.node, argument.node, whole), type: .bool)
        case ("contains", let argument?):
            return Typed(node: .binaryFunction(.contains, target.node, argument.node, whole), type: .bool)
        case ("matches", let argument?):
            if let pattern { return Typed(node: .matchesPattern(target.node, pattern), type: .bool) }
            return Typed(node: .matchesDynamic(target.node, argument.node, PatternCache(), whole), type: .bool)
        default:
            return nil
        }
    }

    private mutating func reportArity(_ function: String, expected: Int, given: Int, at range: ExpressionRange) {
        let takes =
            switch expected {
            case 0: "no arguments"
            case 1: "1 argument"
            default: "\(expected) arguments"
            }
        let was = given == 1 ? "1 was" : "\(given) were"
        report(.typeMismatch, "\(function)() takes \(takes), but \(was) given", at: range)
    }
}
