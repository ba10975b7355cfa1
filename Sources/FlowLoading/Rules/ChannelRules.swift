import FlowExpression
import FlowModel

/// Rules on what a flow asks of its channel: capabilities (FM401), silence handling on
/// automated voice channels (FM402), SMS length (FM403) and collect settings (FM404).
enum ChannelRules {

    static func check(_ flow: Flow, context: RuleContext, into diagnostics: inout [Diagnostic]) {
        for state in flow.states {
            if case .collect(let collect) = state.kind { checkShape(state, collect, into: &diagnostics) }
        }
        guard let channel = context.channel(of: flow) else { return }
        let automated = context.mode(of: flow) == .automated
        for state in flow.states {
            var uses: [(capability: Capability, feature: String, location: SourceLocation, hint: String)] = []
            addMessageUses(state.message, in: state, to: &uses)
            switch state.kind {
            case .collect(let collect):
                addMessageUses(collect.noInput?.message, in: state, to: &uses)
                addMessageUses(collect.noMatch?.message, in: state, to: &uses)
                if let capability = required(by: collect.mode) {
                    uses.append((capability, "\(collect.mode.rawValue) input", state.location, ""))
                } else if collect.mode == .choice,
                    channel.capabilities.isDisjoint(with: [.dtmf, .speech, .text, .richCards])
                {
                    uses.append((.text, "choice input", state.location, ""))
                }
                if channel.isVoice, automated { checkVoiceCollect(state, collect, channel: channel, into: &diagnostics) }
            case .transfer(let transfer):
                if transfer.target != nil {
                    uses.append((.agentTransfer, "a transfer to people", transfer.targetLocation ?? state.location, ""))
                }
                if let handoff = transfer.handoff, let via = handoff.via {
                    uses.append((via, "a handoff message through \(via.rawValue)", handoff.location, ""))
                }
            default:
                break
            }
            for use in uses where !channel.capabilities.contains(use.capability) {
                diagnostics.append(Diagnostic(
                    .channelCapability,
                    "channel '\(channel.id)' cannot do \(use.capability.rawValue), which \(use.feature) in state '\(state.id)' needs\(use.hint)",
                    at: use.location, notes: [.init("channel '\(channel.id)' and its capabilities", at: channel.location)]))
            }
            checkSMSLength(state, flow: flow, channel: channel, into: &diagnostics)
        }
    }

    private static func required(by mode: InputMode) -> Capability? {
        switch mode {
        case .dtmf: .dtmf
        case .speech: .speech
        case .text: .text
        case .form: .forms
        case .choice: nil
        }
    }

    private static func addMessageUses(
        _ message: Message?, in state: State,
        to uses: inout [(capability: Capability, feature: String, location: SourceLocation, hint: String)]
    ) {
        guard let message else { return }
        if let say = message.say { uses.append((.voicePrompt, "'say'", say.location, "; use 'send' for written text")) }
        if let audio = message.audio { uses.append((.voicePrompt, "'audio'", audio.location, "")) }
        if let send = message.send { uses.append((.text, "'send'", send.location, "; use 'say' on voice channels")) }
        if let card = message.card { uses.append((.richCards, "a card", card.location, "")) }
    }

    /// FM402: an automated voice collect must time out and handle silence.
    private static func checkVoiceCollect(_ state: State, _ collect: Collect, channel: Channel, into diagnostics: inout [Diagnostic]) {
        var missing: [String] = []
        if collect.timeout == nil { missing.append("no input timeout ('input: { timeout: 5s }')") }
        if collect.noInput == nil, !state.transitions.contains(where: { $0.event == .noInput }) {
            missing.append("no no-input handling ('no-input: { say: ..., max: 2, then: ... }')")
        }
        guard !missing.isEmpty else { return }
        diagnostics.append(Diagnostic(
            .voiceCollectTimeout,
            "collect '\(state.id)' on voice channel '\(channel.id)' has \(missing.joined(separator: " and ")); a silent caller would wait for ever",
            at: state.location))
    }

    /// FM403: SMS texts fit the channel's segment limit.
    private static func checkSMSLength(_ state: State, flow: Flow, channel: Channel, into diagnostics: inout [Diagnostic]) {
        var texts: [PromptText] = []
        if channel.sendsTextAsSMS {
            texts += [state.message.send].compactMap { $0 }
            if case .collect(let collect) = state.kind {
                texts += [collect.noInput?.message.send, collect.noMatch?.message.send].compactMap { $0 }
            }
        }
        if case .transfer(let transfer) = state.kind, transfer.handoff?.via == .sms, let message = transfer.handoff?.message {
            texts.append(message)
        }
        let limit = channel.smsMaxSegments ?? 1
        for text in texts {
            guard let rendered = text.longestRendering else { continue }
            let length = SMSLength(rendered)
            guard length.segments > limit else { continue }
            let variables = text.template.contains("{{") ? ", counting each variable at its max-length (\(TemplateChecker.assumedLength) when not declared)" : ""
            let parts = length.segments > 1 ? "\(length.segments) parts of \(length.partLimit)" : "1 part"
            diagnostics.append(Diagnostic(
                .smsTooLong,
                "SMS text in state '\(state.id)' is \(length.units) \(length.encoding.rawValue) characters\(variables): \(parts); channel '\(channel.id)' allows \(limit) \(limit == 1 ? "SMS" : "parts") (\(length.capacity(segments: limit)) characters)",
                at: text.location))
        }
    }

    /// FM404: a collect's settings agree with each other and with its mode.
    private static func checkShape(_ state: State, _ collect: Collect, into diagnostics: inout [Diagnostic]) {
        func report(_ message: String) {
            diagnostics.append(Diagnostic(.collectShape, "collect '\(state.id)': \(message)", at: state.location))
        }
        if collect.mode != .dtmf {
            if collect.terminator != nil { report("a terminator applies to dtmf input only, not \(collect.mode.rawValue)") }
            if collect.interDigitTimeout != nil { report("inter-digit-timeout applies to dtmf input only") }
        }
        if collect.mode == .form, collect.formFields.isEmpty { report("form input needs 'fields'") }
        if collect.mode != .form, !collect.formFields.isEmpty { report("'fields' apply to form input only") }
        if collect.mode == .form, !collect.options.isEmpty { report("a form has fields, not options") }
        if collect.mode == .choice, collect.options.isEmpty { report("choice input needs 'options' to choose from") }
        if collect.length != nil, collect.minLength != nil || collect.maxLength != nil {
            report("give either 'length' or 'min-length'/'max-length', not both")
        }
        if let low = collect.minLength, let high = collect.maxLength, low > high {
            report("min-length \(low) is more than max-length \(high)")
        }
        if collect.mode == .dtmf {
            for option in collect.options where !option.key.allSatisfy({ "0123456789*#".contains($0) }) {
                diagnostics.append(Diagnostic(
                    .collectShape, "collect '\(state.id)': option key '\(option.key)' cannot be typed on a keypad (0-9, *, #)",
                    at: option.location))
            }
            if let length = collect.length {
                for option in collect.options where option.key.count != length {
                    diagnostics.append(Diagnostic(
                        .collectShape,
                        "collect '\(state.id)': option key '\(option.key)' has \(option.key.count) digits but the input takes exactly \(length)",
                        at: option.location))
                }
            }
        }
        for (name, retry) in [("no-input", collect.noInput), ("no-match", collect.noMatch)] {
            if let retry, retry.max == 0, !retry.message.isEmpty {
                diagnostics.append(Diagnostic(
                    .collectShape, "collect '\(state.id)': \(name) has max 0, so its retry text is never said or sent",
                    at: retry.location))
            }
        }
        let hasInputTransition = state.transitions.contains { $0.event == .input }
        if !hasInputTransition {
            report("no option or transition takes the input; add 'options' or a transition 'on: input'")
        }
    }
}
