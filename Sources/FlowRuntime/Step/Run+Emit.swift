import FlowExpression
import FlowModel

extension Run {
    /// Say, send, play or show what a state's message holds.
    mutating func emitMessage(_ message: Message) {
        guard !message.isEmpty else { return }
        if let audio = message.audio { actions.append(.play(audio: audio.template)) }
        if let say = message.say { actions.append(.say(prompt(say))) }
        if let send = message.send { actions.append(.send(prompt(send))) }
        if let card = message.card {
            actions.append(.showCard(
                title: card.title.map(prompt), body: card.body.map(prompt), image: card.image, buttons: card.buttons))
        }
    }

    func prompt(_ text: PromptText) -> Prompt {
        Prompt(template: text.template, program: program, variables: frame.variables)
    }

    mutating func emitCollect(retry: Int) {
        guard case .collect(let collect) = state.model.kind else { return }
        actions.append(.collect(CollectRequest(
            state: state.id, mode: collect.mode, length: collect.length, minLength: collect.minLength,
            maxLength: collect.maxLength, terminator: collect.terminator, timeout: collect.timeout?.milliseconds,
            interDigitTimeout: collect.interDigitTimeout?.milliseconds,
            options: collect.options.map { CollectRequest.Option(key: $0.key, label: $0.label) },
            formFields: collect.formFields.map {
                CollectRequest.FormField(name: $0.variable.name, label: $0.label, required: $0.required)
            },
            retry: retry)))
        if let timeout = state.inputTimeout { arm(.input, after: timeout) }
    }

    mutating func emitTask() {
        guard case .task(let task) = state.model.kind else { return }
        let arguments = task.arguments.compactMap { argument in
            evaluate(argument.value.checked).map { TaskRequest.Argument(name: argument.name, value: $0) }
        }
        actions.append(.runTask(TaskRequest(
            state: state.id, operation: task.operation, arguments: arguments, timeout: state.operationTimeout)))
    }

    mutating func emitTransfer() {
        guard case .transfer(let transfer) = state.model.kind else { return }
        if let target = transfer.target {
            actions.append(.transfer(target: target, timeout: state.operationTimeout))
        } else if let handoff = transfer.handoff {
            actions.append(.handoff(HandoffRequest(
                channel: handoff.channel, business: handoff.business ?? program.flow.business.name, via: handoff.via,
                message: handoff.message.map(prompt), journey: session.state.journey)))
        }
    }
}
