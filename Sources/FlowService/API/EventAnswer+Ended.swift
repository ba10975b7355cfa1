import FlowRuntime

extension EventAnswer {
    /// The answer to ending a session that had already ended: how it ended, no actions,
    /// no records added (sequences 0), not a replay.
    init(alreadyEnded session: SessionState, library: ProgramLibrary) {
        let frame = session.current
        self.session = session.id
        journey = session.journey
        flow = frame.flowID
        state = library.program(flow: frame.flowID, version: frame.version)?.states[Int(frame.state)].id ?? ""
        if case .ended(let outcome) = session.status { ended = outcome.rawValue }
        actions = []
        firstSequence = 0
        lastSequence = 0
        replayed = false
    }
}
