/// What a state says or sends when it is entered.
///
/// `say` is spoken (voice channels; on the phone channel it is the agent's script),
/// `send` is written (web, SMS), `card` is a rich card (web).
public struct Message: Sendable, Hashable {
    public var say: PromptText?
    public var send: PromptText?
    /// A recorded audio prompt played instead of text-to-speech.
    public var audio: PromptText?
    public var card: Card?

    public init(say: PromptText? = nil, send: PromptText? = nil, audio: PromptText? = nil, card: Card? = nil) {
        self.say = say
        self.send = send
        self.audio = audio
        self.card = card
    }

    public var isEmpty: Bool { say == nil && send == nil && audio == nil && card == nil }

    /// Every template in the message, for checks that read all text.
    public var texts: [PromptText] {
        [say, send, audio].compactMap { $0 } + (card.map { [$0.title, $0.body].compactMap { $0 } } ?? [])
    }
}

/// A rich card on a web channel: a title, a body and buttons.
public struct Card: Sendable, Hashable {
    public var title: PromptText?
    public var body: PromptText?
    public var image: String?
    public var buttons: [String]
    public var location: SourceLocation

    public init(title: PromptText? = nil, body: PromptText? = nil, image: String? = nil, buttons: [String] = [], location: SourceLocation) {
        self.title = title
        self.body = body
        self.image = image
        self.buttons = buttons
        self.location = location
    }
}
