/// A run-time failure (division by zero, index out of range, int('abc'), overflow), with a
/// message naming it.
///
/// A guard whose evaluation fails counts as false and the error goes to the traversal log;
/// it never crashes a session.
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// The sub-expression that failed, e.g. `amount / count` for a division by zero.
    public var range: ExpressionRange

    public init(message: String, range: ExpressionRange) {
        self.message = message
        self.range = range
    }

    public var description: String { "\(range): \(message)" }
}
