import FlowRuntime

/// What a record is to the measures (docs/auditing.md, "Words"): a segment's start, a
/// move, or an annotation.
extension TraceStep {
    /// The record that opens a segment: it enters the flow's start state from no state.
    @inlinable public var isStart: Bool { from < 0 }

    /// A record that stays in its state without taking a transition: a state SLA nothing
    /// handles (`timer sla-expired`), or a hang-up in a state excepted from the hang-up
    /// handler (`event hangup`). Designed self-transitions name their transition, retries
    /// have their own trigger, and overrides or outside steps into the same state are
    /// people's moves: none of those is an annotation.
    @inlinable public var isAnnotation: Bool {
        from >= 0 && from == to && !tookTransition && (trigger == .timer || trigger == .event)
    }

    /// A record that takes the segment from `from` to `to` (or to no state).
    @inlinable public var isMove: Bool { from >= 0 && !isAnnotation }

    /// A move that keeps the visit going: the runtime keeps `entered_at` through retries.
    @inlinable public var isRetry: Bool { trigger == .retry }

    /// A record some person made, other than an annotation (time passing is nobody's step).
    @inlinable public var isPersonStep: Bool { actor >= 0 && !isAnnotation }

    /// The state the person-step performs: the one entered for a start or an outside step,
    /// the one left otherwise.
    @inlinable public var performedState: Int32 {
        from < 0 || trigger == .outside ? to : from
    }
}
