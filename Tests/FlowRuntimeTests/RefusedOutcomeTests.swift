import FlowExpression
import FlowRuntime
import Testing

/// An outcome's results are written into the session in place before its transition is
/// found; a refused outcome must leave the session exactly as it was.
@Suite struct RefusedOutcomeTests {
    @Test func aRefusedOutcomeWithResultsLeavesTheVariablesAsTheyWere() throws {
        var contact = try Contact("package.sms", channel: "sms")
        #expect(contact.stateID == "offer")
        let before = contact.session.state
        // `busy` is a built-in event nothing in `offer` takes, and a wait has no `failed` fallback;
        // its result would set `reply` (not set yet) to "Y".
        #expect(throws: StepError.unhandled(event: "busy", state: "offer")) {
            _ = try contact.stepper.apply(
                SessionEvent(.outcome("busy", results: ["text": .string("Y")]), at: Contact.startTime + 1_000),
                to: &contact.session)
        }
        #expect(contact.session.state == before)
        #expect(contact.variable("reply") == before.current.variables.value(ofSlot: 1))
        // The same reply as the event the state waits for is taken, and stored.
        let step = try contact.stepper.apply(
            SessionEvent(.external("sms-reply", text: "Y", data: ["text": .string("Y")]), at: Contact.startTime + 2_000),
            to: &contact.session)
        #expect(step.records.map { $0.to ?? "-" } == ["decide", "order"])
        #expect(contact.variable("reply") == .string("Y"))
    }
}
