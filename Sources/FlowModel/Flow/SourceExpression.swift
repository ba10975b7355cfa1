import FlowExpression

/// An expression as written in a flow file, where it was written, and its checked form.
///
/// `checked` is nil when the expression failed to parse or type-check; lint has reported
/// why, and a library with errors never reaches the runtime.
public struct SourceExpression: Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var location: SourceLocation
    public var checked: CheckedExpression?

    public init(text: String, location: SourceLocation, checked: CheckedExpression? = nil) {
        self.text = text
        self.location = location
        self.checked = checked
    }

    public var description: String { checked?.description ?? text }
}

/// A text template (swift-mustache syntax) to say or send: `您的话费是{{amount}}元。`
public struct PromptText: Sendable, Hashable, CustomStringConvertible {
    public var template: String
    public var location: SourceLocation
    /// The variables and built-ins the template reads, found when it was checked.
    public var names: Set<String>
    /// The text with every variable at its longest (its `max-length`, else 10 characters),
    /// for length limits such as SMS segments; nil when the template does not parse.
    public var longestRendering: String?

    public init(template: String, location: SourceLocation, names: Set<String> = [], longestRendering: String? = nil) {
        self.template = template
        self.location = location
        self.names = names
        self.longestRendering = longestRendering
    }

    public var description: String { template }
}
