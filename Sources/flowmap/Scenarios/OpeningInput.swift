import FlowModel
import FlowRuntime

/// Starting a contact with the message that opened it (`first-input: CXZD`).
///
/// SMS hall flows branch on `input` in their start state: the customer's text that
/// opened the contact. `SessionStart` has no field for it yet (the runtime unsets
/// `input` at the start), so the flow is started behind one extra state that asks for
/// that input and then enters the real start. The extra state is appended after the
/// flow's own, so every state keeps its index, and its records are dropped: the path,
/// the actions and the coverage are the flow's own. When the runtime takes the first
/// input at the start, this file goes away.
enum OpeningInput {
    static let stateID = "(first input)"

    /// `program`'s flow behind the opening state.
    static func program(opening program: FlowProgram, operations: [Operation]) throws(StepError) -> FlowProgram {
        var flow = program.flow
        let start = flow.start
        let opening = State(
            id: stateID, kind: .collect(Collect(mode: .text)),
            transitions: [Transition(event: .input, target: start, origin: .transition(0), location: flow.location)],
            location: flow.location)
        flow.states.append(opening)
        flow.start = StateRef(name: stateID, index: flow.states.count - 1, location: flow.location)
        do {
            return try ProgramCompiler.compile(flow, version: program.version, channelMode: program.mode, operations: operations)
        } catch {
            throw .unknownState(stateID)
        }
    }

    /// The records without the opening state's entry.
    static func records(_ records: [TraversalRecord]) -> [TraversalRecord] {
        records.filter { $0.to != stateID }
    }
}
