/// A span inside the expression text, in Unicode-scalar offsets from its start (end exclusive).
///
/// Offsets count Unicode scalars, not bytes or characters, so a caller that knows where the
/// expression starts in its file can turn them into `file:line:column` exactly, whatever
/// the script (`'话费'` spans 4 scalars).
public struct ExpressionRange: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// The span from the start of `first` to the end of `last`.
    init(from first: ExpressionRange, to last: ExpressionRange) {
        self.init(start: first.start, end: last.end)
    }

    /// The number of scalars covered.
    public var length: Int { end - start }

    /// `start..<end`, as in messages.
    public var description: String { "\(start)..<\(end)" }
}
