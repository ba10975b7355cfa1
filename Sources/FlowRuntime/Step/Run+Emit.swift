import FlowExpression
import FlowModel

extension Run {
    /// Say, send, play or show what a state's message holds.
    mutating func emitMessage(_ message: ProgramMessage?) {
        guard let message else { return }
        if let audio = message.audio { actions.append(.play(audio: audio)) }
        if let say = message.say { actions.append(.say(prompt(say))) }
        if let send = message.send { actions.append(.send(prompt(send))) }
        if let card = message.card {
            actions.append(.showCard(
                title: card.title.map(prompt), body: card.body.map(prompt), image: card.image, buttons: card.buttons))
        }
    }

    func prompt(_ template: String) -> Prompt {
        Prompt(template: template, program: program, variables: frame.variables)
    }

    mutating func emitCollect(retry: Int) {
        guard var request = state.collectRequest else { return }
        request.retry = retry
        actions.append(.collect(request))
        if let timeout = state.inputTimeout { arm(.input, after: timeout) }
    }

    mutating func emitTask() {
        let state = self.state
        guard let task = state.task else { return }
        var arguments: [TaskRequest.Argument] = []
        arguments.reserveCapacity(task.arguments.count)
        for argument in task.arguments {
            if let value = try? argument.value.evaluate(in: frame.variables) {
                arguments.append(TaskRequest.Argument(name: argument.name, value: value))
            }
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
                message: handoff.message.map { prompt($0.template) }, journey: session.state.journey)))
        }
    }
}
