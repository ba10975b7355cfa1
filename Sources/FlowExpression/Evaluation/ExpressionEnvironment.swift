/// Where evaluation reads slot values from (a session's variables, a test dictionary...).
///
/// Evaluation trusts the environment to hold values of the declared types; a value of the
/// wrong kind gives an ``EvaluationError``, never a crash.
public protocol ExpressionEnvironment {
    /// The current value of the variable in `slot`.
    func value(ofSlot slot: Int) -> Value
    /// Whether the slot was explicitly set (by a default, start-up values, an assignment, a
    /// task result); `has(x)` reads this. For `has(a.b)` on a record, it is whether `a` is set.
    func isSet(slot: Int) -> Bool
}
