import FlowModel

extension StepCommit {
    /// The commit the engine writes for a step: the session as it now stands, the step's
    /// records, and (for an event with an id) the receipt a retry gets: the state after
    /// the step, its end if it ended, the records' sequences and the rendered actions.
    ///
    /// Tools that drive the `Stepper` themselves (load generators, store tests and
    /// benchmarks) use it to write exactly what the engine would.
    public init(after live: LiveSession, rendered: [RenderedAction], records: [TraversalRecord], event: String?) {
        let receipt = event.map { event -> EventReceipt in
            let program = live.programs[live.programs.count - 1]
            var ended: EndOutcome?
            if case .ended(let outcome) = live.state.status { ended = outcome }
            return EventReceipt(
                event: event, state: program.states[Int(live.state.current.state)].id, outcome: ended,
                firstSequence: records.first?.sequence ?? 0, lastSequence: records.last?.sequence ?? 0,
                actions: rendered)
        }
        self.init(session: live.state, records: records, receipt: receipt)
    }
}
