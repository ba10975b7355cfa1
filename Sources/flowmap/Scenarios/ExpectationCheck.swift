import FlowExpression
import FlowModel
import FlowRuntime
import Foundation

/// Whether an expectation holds after a step; when not, what was expected and what happened.
enum ExpectationCheck {
    typealias Mismatch = (expected: String, happened: String)

    static func check(_ expectation: Expectation, step: ContactDriver.Step, driver: ContactDriver) -> Mismatch? {
        switch expectation.kind {
        case .state(let name):
            let now = driver.stateName
            return now == name ? nil : ("state \(name)", "state \(now)" + (driver.isActive ? "" : " (the contact has ended)"))
        case .path(let names):
            let path = driver.path
            return path == names ? nil : ("path " + PathText.line(names), "path " + PathText.line(path))
        case .enters(let names):
            let entered = ContactDriver.entered(step.records)
            return entered == names ? nil : ("enters " + PathText.line(names), "entered " + PathText.line(entered))
        case .says(let list):
            return texts(list, "says", step.raw.compactMap { if case .say(let prompt) = $0 { prompt.text } else { nil } })
        case .sends(let list):
            return texts(list, "sends", step.raw.compactMap { if case .send(let prompt) = $0 { prompt.text } else { nil } })
        case .plays(let list):
            return texts(list, "plays", step.raw.compactMap { if case .play(let audio) = $0 { audio } else { nil } })
        case .shows(let card): return shows(card, step)
        case .collects(let collect): return collects(collect, step)
        case .runs(let task): return runs(task, step)
        case .transfers(let transfer): return transfers(transfer, step)
        case .handsOff(let handoff): return handsOff(handoff, step)
        case .awaits(let events):
            let awaited = step.raw.compactMap { if case .await(let events, _) = $0 { events } else { nil } }
            if awaited.contains(where: { Set($0) == Set(events) }) { return nil }
            return ("awaits \(events.joined(separator: ", "))", awaited.isEmpty ? "awaits nothing" : "awaits " + awaited.map { $0.joined(separator: ", ") }.joined(separator: "; "))
        case .vars(let variables): return vars(variables, driver)
        case .ends(let outcome):
            let ended = driver.outcome
            if ended == outcome { return nil }
            return (outcome.map { "the contact ends \($0.rawValue)" } ?? "the contact goes on",
                ended.map { "it ended \($0.rawValue) in state \(driver.stateName)" } ?? "it goes on, in state \(driver.stateName)")
        case .refused:
            return nil
        case .none(let kind):
            let done = step.raw.filter(kind.matches)
            return done.isEmpty ? nil : ("\(kind.rawValue) nothing", done.map(ActionText.line).joined(separator: "; "))
        }
    }

    private static func texts(_ list: TextList, _ verb: String, _ texts: [String]) -> Mismatch? {
        let happened = texts.isEmpty ? "\(verb) nothing" : "\(verb) " + texts.map(ActionText.quoted).joined(separator: ", ")
        switch list {
        case .any(let match):
            return texts.contains(where: match.matches) ? nil : ("\(verb) \(match)", happened)
        case .exactly(let matches):
            let fits = matches.count == texts.count && zip(matches, texts).allSatisfy { $0.matches($1) }
            let expected = matches.isEmpty ? "\(verb) nothing" : "\(verb) exactly " + matches.map(\.description).joined(separator: ", ")
            return fits ? nil : (expected, happened)
        }
    }

    private static func shows(_ card: CardExpectation, _ step: ContactDriver.Step) -> Mismatch? {
        var shown: [(title: String?, body: String?, buttons: [String])] = []
        for action in step.raw {
            if case .showCard(let title, let body, _, let buttons) = action { shown.append((title?.text, body?.text, buttons)) }
        }
        let fits = shown.contains { item in
            if card.body == nil, card.buttons == nil, let title = card.title {
                return [item.title, item.body].compactMap { $0 }.contains(where: title.matches)
            }
            if let title = card.title, !(item.title.map(title.matches) ?? false) { return false }
            if let body = card.body, !(item.body.map(body.matches) ?? false) { return false }
            if let buttons = card.buttons, buttons != item.buttons { return false }
            return true
        }
        if fits { return nil }
        var expected: [String] = []
        if let title = card.title { expected.append(card.body == nil && card.buttons == nil ? "\(title)" : "title \(title)") }
        if let body = card.body { expected.append("body \(body)") }
        if let buttons = card.buttons { expected.append("buttons [\(buttons.joined(separator: " | "))]") }
        let happened = shown.isEmpty ? "shows no card" : "shows " + shown.map { item in
            "card \(ActionText.quoted(item.title ?? "")) \(ActionText.quoted(item.body ?? "")) [\(item.buttons.joined(separator: " | "))]"
        }.joined(separator: ", ")
        return ("shows a card with " + expected.joined(separator: ", "), happened)
    }

    private static func collects(_ expected: CollectExpectation, _ step: ContactDriver.Step) -> Mismatch? {
        let requests = step.raw.compactMap { if case .collect(let request) = $0 { request } else { nil } }
        guard let request = requests.last else { return ("collects \(describe(expected))", "asks for nothing") }
        var fits = true
        if let mode = expected.mode, mode != request.mode { fits = false }
        if let length = expected.length, length != request.length { fits = false }
        if let low = expected.minLength, low != request.minLength { fits = false }
        if let high = expected.maxLength, high != request.maxLength { fits = false }
        if let options = expected.options, options != request.options.map(\.key) { fits = false }
        if let labels = expected.labels, labels != request.options.map({ $0.label ?? $0.key }) { fits = false }
        if let fields = expected.fields, fields != request.formFields.map(\.name) { fits = false }
        if let timeout = expected.timeout, timeout != request.timeout { fits = false }
        if let retry = expected.retry, retry != request.retry { fits = false }
        var happened = ActionText.collect(request)
        if expected.labels != nil { happened += " labels " + request.options.map { $0.label ?? $0.key }.joined(separator: " ") }
        return fits ? nil : ("collects \(describe(expected))", happened)
    }

    private static func describe(_ expected: CollectExpectation) -> String {
        var parts: [String] = []
        if let mode = expected.mode { parts.append(mode.rawValue) }
        if let length = expected.length { parts.append("length \(length)") }
        if let low = expected.minLength { parts.append("min-length \(low)") }
        if let high = expected.maxLength { parts.append("max-length \(high)") }
        if let options = expected.options { parts.append("keys " + options.joined(separator: " ")) }
        if let labels = expected.labels { parts.append("labels " + labels.joined(separator: " ")) }
        if let fields = expected.fields { parts.append("fields " + fields.joined(separator: " ")) }
        if let retry = expected.retry { parts.append("retry \(retry)") }
        return parts.joined(separator: " ") + ActionText.timeout(expected.timeout)
    }

    private static func runs(_ expected: TaskExpectation, _ step: ContactDriver.Step) -> Mismatch? {
        let requests = step.raw.compactMap { if case .runTask(let request) = $0 { request } else { nil } }
        let fits = requests.contains { request in
            request.operation == expected.operation && expected.arguments.allSatisfy { argument in
                request.arguments.contains { $0.name == argument.name && sameText($0.value.plainText, argument.value) }
            }
        }
        if fits { return nil }
        let arguments = expected.arguments.map { "\($0.name): \($0.value)" }.joined(separator: ", ")
        let happened = requests.isEmpty ? "runs no operation" : requests.map { ActionText.line(.runTask($0)) }.joined(separator: "; ")
        return ("run \(expected.operation)" + (arguments.isEmpty ? "" : "(\(arguments))"), happened)
    }

    private static func transfers(_ expected: TransferExpectation, _ step: ContactDriver.Step) -> Mismatch? {
        var found: [String] = []
        for action in step.raw {
            guard case .transfer(let target, let timeout) = action else { continue }
            if target.name == expected.target, expected.kind.map({ $0 == target.kindName }) ?? true,
                expected.timeout.map({ $0 == timeout }) ?? true
            {
                return nil
            }
            found.append(ActionText.line(action))
        }
        let kind = expected.kind.map { "\($0) " } ?? ""
        return ("transfer to \(kind)\(expected.target)" + ActionText.timeout(expected.timeout),
            found.isEmpty ? "transfers nowhere" : found.joined(separator: "; "))
    }

    private static func handsOff(_ expected: HandoffExpectation, _ step: ContactDriver.Step) -> Mismatch? {
        var found: [String] = []
        for action in step.raw {
            guard case .handoff(let request) = action else { continue }
            if request.channel == expected.channel, expected.business.map({ $0 == request.business }) ?? true,
                expected.via.map({ $0 == request.via?.rawValue }) ?? true,
                expected.message.map({ match in request.message.map { match.matches($0.text) } ?? false }) ?? true
            {
                return nil
            }
            found.append(ActionText.line(action))
        }
        var text = "hand off to \(expected.channel)"
        if let business = expected.business { text += " (\(business))" }
        if let via = expected.via { text += " via \(via)" }
        if let message = expected.message { text += ": \(message)" }
        return (text, found.isEmpty ? "hands off nowhere" : found.joined(separator: "; "))
    }

    private static func vars(_ variables: [VariableExpectation], _ driver: ContactDriver) -> Mismatch? {
        for expected in variables {
            guard let actual = driver.variable(expected.name, flow: expected.flow) else {
                return ("\(expected.qualifiedName) = \(expected.value.map(\.plainText) ?? "(not set)")",
                    "\(expected.flow ?? "the flow") is not running")
            }
            let shown = actual.isSet ? actual.value.plainText : "(not set)"
            guard let value = expected.value else {
                if actual.isSet { return ("\(expected.qualifiedName) not set", "\(expected.qualifiedName) = \(shown)") }
                continue
            }
            if !actual.isSet || !same(actual.value, value) {
                return ("\(expected.qualifiedName) = \(value.plainText)", "\(expected.qualifiedName) = \(shown)")
            }
        }
        return nil
    }

    /// Equal values, with ints and decimals compared as numbers (`set: { amount: "30" }` stores an int).
    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .decimal(let y)), (.decimal(let y), .int(let x)): return Decimal(x) == y
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy(same)
        default: return a == b
        }
    }

    /// Texts equal as written, or as numbers (`30` and `30.0`).
    static func sameText(_ actual: String, _ expected: String) -> Bool {
        if actual == expected { return true }
        guard let x = ValueReading.decimal(actual), let y = ValueReading.decimal(expected) else { return false }
        return x == y
    }
}
