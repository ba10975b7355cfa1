import Foundation

/// What the channel system's own back end answers for the host's part of a contact: each
/// task's operation (`billing.balance`) with its outcome and results, and how transfers and
/// handoffs end. A real adapter calls its billing, CRM and telephony systems here; the
/// reference adapters read the answers from a JSON file (`--operations FILE`):
///
/// ```json
/// {
///   "operations": {
///     "billing.balance": {"outcome": "ok", "results": {"balance": 56.8, "credit": 100}},
///     "service.activate": {"outcome": "ok"}
///   },
///   "transfer": "connected",
///   "handoff": "handed-off"
/// }
/// ```
///
/// An operation the file does not name ends `failed` (the back end does not offer it).
public struct OperationAnswers: Sendable, Hashable, Codable {
    /// One operation's answer.
    public struct Answer: Sendable, Hashable, Codable {
        public var outcome: String
        public var results: [String: JSONValue]?

        public init(outcome: String, results: [String: JSONValue]? = nil) {
            self.outcome = outcome
            self.results = results
        }
    }

    public var operations: [String: Answer]
    /// How a transfer to a queue, skill or agent ends (`connected`, `failed`).
    public var transfer: String?
    /// How a handoff to another channel ends (`handed-off`, `failed`).
    public var handoff: String?

    public init(operations: [String: Answer] = [:], transfer: String? = nil, handoff: String? = nil) {
        self.operations = operations
        self.transfer = transfer
        self.handoff = handoff
    }

    /// Reads the answers from a JSON file.
    public static func read(file path: String) throws -> OperationAnswers {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            return try JSONDecoder().decode(OperationAnswers.self, from: data)
        } catch {
            throw ServiceCallError.unreadable("\(path): not an operations file: \(error)")
        }
    }

    /// The answer to a task running `operation`.
    public func answer(operation: String) -> Answer {
        operations[operation] ?? Answer(outcome: "failed")
    }

    /// The outcome the host reports for a `transfer` or `handoff` action.
    public func outcome(of action: ActionView) -> Answer {
        switch action.type {
        case "run-task": answer(operation: action.operation ?? "")
        case "handoff": Answer(outcome: handoff ?? "handed-off")
        default: Answer(outcome: transfer ?? "connected")
        }
    }
}
