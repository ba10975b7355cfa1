import FlowRuntime

/// An action as the API shows it: `type` names it, the fields that matter are present.
///
/// ```json
/// {"type": "say", "text": "您好，欢迎使用余额查询服务。"}
/// {"type": "run-task", "state": "lookup-balance", "operation": "billing.balance", "arguments": {"msisdn": "13800138000"}, "timeout": 6000}
/// ```
public struct ActionView: Sendable, Hashable, Codable {
    public var type: String
    public var text: String?
    public var audio: String?
    public var title: String?
    public var image: String?
    public var buttons: [String]?
    /// collect: how input is taken and which option keys are offered.
    public var mode: String?
    public var options: [String]?
    /// collect on a form: the fields asked for.
    public var fields: [String]?
    public var state: String?
    public var operation: String?
    public var arguments: [String: String]?
    public var timeout: Int64?
    public var kind: String?
    public var target: String?
    public var channel: String?
    public var business: String?
    public var via: String?
    public var journey: String?
    public var events: [String]?
    public var outcome: String?

    init(type: String) { self.type = type }

    /// The view of a rendered action, its texts passed through `mask`.
    init(_ action: RenderedAction, mask: (String) -> String) {
        switch action {
        case .say(let text):
            self.init(type: "say")
            self.text = mask(text)
        case .send(let text):
            self.init(type: "send")
            self.text = mask(text)
        case .play(let audio):
            self.init(type: "play")
            self.audio = audio
        case .card(let title, let body, let image, let buttons):
            self.init(type: "card")
            self.title = title.map(mask)
            self.text = body.map(mask)
            self.image = image
            self.buttons = buttons
        case .collect(let request):
            self.init(type: "collect")
            self.state = request.state
            self.mode = request.mode.rawValue
            self.options = request.options.isEmpty ? nil : request.options.map(\.key)
            self.fields = request.formFields.isEmpty ? nil : request.formFields.map(\.name)
            self.timeout = request.timeout
        case .runTask(let state, let operation, let arguments, let timeout):
            self.init(type: "run-task")
            self.state = state
            self.operation = operation
            self.arguments = arguments
            self.timeout = timeout
        case .transfer(let kind, let target, let timeout):
            self.init(type: "transfer")
            self.kind = kind
            self.target = target
            self.timeout = timeout
        case .handoff(let channel, let business, let via, let message, let journey):
            self.init(type: "handoff")
            self.channel = channel
            self.business = business
            self.via = via
            self.text = message.map(mask)
            self.journey = journey
        case .await(let events, let timeout):
            self.init(type: "await")
            self.events = events
            self.timeout = timeout
        case .end(let outcome):
            self.init(type: "end")
            self.outcome = outcome
        }
    }
}
