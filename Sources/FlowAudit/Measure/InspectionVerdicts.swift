import FlowConformance

/// Inspectors' current verdicts by session id: where field-use figures come from.
///
/// The QA store supplies them (`QAStore.currentVerdicts(besideStore:)`); an audit with none
/// has no field-use figures, and its reports say "no QA store".
public struct InspectionVerdicts: Sendable {
    public var bySession: [String: InspectionVerdict]
    /// Whether a QA store was found (it may hold no inspections yet).
    public var hasQAStore: Bool

    public init(bySession: [String: InspectionVerdict] = [:], hasQAStore: Bool) {
        self.bySession = bySession
        self.hasQAStore = hasQAStore
    }

    /// No QA store.
    public static let none = InspectionVerdicts(hasQAStore: false)

    @inline(__always)
    func verdict(of session: String) -> InspectionVerdict? {
        bySession.isEmpty ? nil : bySession[session]
    }
}
