import FlowRuntime
import Foundation

/// Chooses a plausible next event from the actions a step asked for: an option or digits
/// for a collect, `ok` for a task (with a bill total for billing operations), `connected`
/// for a transfer, now and then a no-input; a hang-up when nothing waits.
///
/// Load without a story: the crash tests and `flowmap store-load` use it to keep many
/// sessions busy; `Simulation` is the realistic traffic.
public struct ScriptedEvents: Sendable {
    /// The generator, also for the choices its user makes (which flow to start).
    public var random: SeededRandom

    public init(seed: UInt64) { random = SeededRandom(seed: seed) }

    public mutating func event(after actions: [Action]) -> SessionEvent.Kind {
        for action in actions.reversed() {
            switch action {
            case .collect(let request):
                if random.next() % 10 == 0 { return .noInput }
                if !request.options.isEmpty {
                    return .input(request.options[Int(random.next() % UInt64(request.options.count))].key)
                }
                if request.mode == .form { return .form([:]) }
                let length = request.length ?? request.minLength ?? 6
                return .input(length == 11 ? "13800138000" : String(repeating: "1", count: length))
            case .runTask(let request):
                let total = Decimal(Int(random.next() % 30_000)) / 100
                return .outcome("ok", results: request.operation.contains("bill") ? ["total": .decimal(total)] : [:])
            case .transfer: return .outcome("connected")
            case .handoff: return .outcome("handed-off")
            case .await(let events, _): return .external(events.first ?? "reply")
            default: continue
            }
        }
        return .hangup
    }
}
