import FlowConformance

/// The sessions a draw chooses from: the finished sessions of a selection, each with its
/// stratum (docs/auditing.md, "Sampling").
///
/// ```swift
/// let frame = try SamplingFrame(scanner: scanner, strata: .agent)
/// try qa.draw(campaign: "nov", seed: 42, strata: .agent, size: 5, selection: text,
///             candidates: frame.candidates, by: "qa-lead")
/// ```
///
/// A session's agent and org unit are its owner's (first-contact ownership); sessions no
/// person handled have no agent or org unit and fall in no such stratum
/// (`withoutStratum` counts them). Holds one small entry per finished session selected.
public struct SamplingFrame: Sendable {
    public var candidates: [SamplingCandidate] = []
    /// Finished sessions selected but in no stratum (no owner, for agent and org-unit strata).
    public var withoutStratum = 0
    /// Sessions of the selection still open: never sampled.
    public var openSessions = 0

    public init(scanner: LogScanner, strata: SamplingStrata) throws {
        let catalog = scanner.audit.catalog
        let vocabulary = catalog.vocabulary
        let selection = scanner.selection
        let needsOwner = strata != .contactPoint || selection.needsVerdict
        var measurer = SessionMeasurer(catalog: catalog)
        var candidates: [SamplingCandidate] = []
        var withoutStratum = 0
        let summary = try scanner.forEachSession { trace in
            var owner = SessionOwner.nobody
            if needsOwner {
                let verdict = measurer.measure(trace)
                guard selection.admits(verdict) else { return true }
                owner = verdict.owner
            }
            let key: String? =
                switch strata {
                case .contactPoint: vocabulary.name(trace.contactPoint)
                case .agent: vocabulary.name(owner.agent)
                case .orgUnit: vocabulary.name(owner.orgUnit)
                }
            if let key {
                candidates.append(SamplingCandidate(session: trace.session, number: trace.number, stratum: key))
            } else {
                withoutStratum += 1
            }
            return true
        }
        self.candidates = candidates
        self.withoutStratum = withoutStratum
        openSessions = summary.openSessions
    }
}
