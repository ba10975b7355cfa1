import FlowModel

/// FM307: a declared variable nothing reads or writes.
enum VariableRules {
    static func check(_ flow: Flow, into diagnostics: inout [Diagnostic]) {
        guard !flow.variables.isEmpty else { return }
        var used = [Bool](repeating: false, count: flow.variables.count)
        func mark(_ expression: SourceExpression?) {
            guard let expression else { return }
            guard let checked = expression.checked else {
                // An expression that failed to check (lint said why) still shows what it meant to read.
                for (slot, variable) in flow.variables.enumerated() where expression.text.contains(variable.name) {
                    used[slot] = true
                }
                return
            }
            for slot in checked.referencedSlots where slot < used.count { used[slot] = true }
        }
        func mark(_ ref: VariableRef?) {
            if let slot = ref?.slot { used[slot] = true }
        }
        var templates: [PromptText] = []

        for state in flow.states {
            collect(state.message, into: &templates)
            for transition in state.transitions {
                mark(transition.guardExpression)
                for assignment in transition.assignments {
                    mark(assignment.variable)
                    mark(assignment.value)
                }
            }
            switch state.kind {
            case .collect(let collect):
                mark(collect.valid)
                mark(collect.store)
                collect.formFields.forEach { mark($0.variable) }
                Self.collect(collect.noInput?.message, into: &templates)
                Self.collect(collect.noMatch?.message, into: &templates)
            case .task(let task):
                task.arguments.forEach { mark($0.value) }
                task.results.forEach { mark($0.variable) }
            case .wait(let wait):
                wait.results.forEach { mark($0.variable) }
            case .subflow(let call):
                call.arguments.forEach { mark($0.value) }
                call.results.forEach { mark($0.variable) }
            case .transfer(let transfer):
                if let message = transfer.handoff?.message { templates.append(message) }
            default:
                break
            }
        }
        for handler in flow.handlers {
            mark(handler.transition.guardExpression)
            handler.transition.assignments.forEach { mark($0.variable); mark($0.value) }
        }
        for (slot, variable) in flow.variables.enumerated() where !used[slot] {
            if templates.contains(where: { $0.names.contains(variable.name) }) { continue }
            diagnostics.append(Diagnostic(
                .unusedVariable,
                "variable '\(variable.name)' is declared but never read or written; remove it or use it",
                at: variable.location))
        }
    }

    private static func collect(_ message: Message?, into templates: inout [PromptText]) {
        templates += message?.texts ?? []
    }
}
