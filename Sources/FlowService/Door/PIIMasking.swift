import FlowExpression
import FlowRuntime

/// Masks personal data in answers to keys that may not see it in clear
/// (`AccessPolicy.showsPIIInClear`): the session's `pii: true` variables and its customer
/// become `***`, and so does their text wherever a prompt was rendered from them.
///
/// Task and transfer arguments are left as they are: the host needs them to do the work.
struct PIIMasking: Sendable {
    static let mask = "***"

    /// The texts to hide, longest first (so a longer value is hidden before a part of it).
    let secrets: [String]
    let inClear: Bool

    /// For `session`, whose programs come from `library`.
    init(session: SessionState?, library: ProgramLibrary, inClear: Bool) {
        self.inClear = inClear
        guard !inClear, let session else {
            secrets = []
            return
        }
        var found: Set<String> = [session.customer]
        for frame in session.frames {
            guard let program = library.program(flow: frame.flowID, version: frame.version) else { continue }
            for slot in 0..<min(program.piiSlots.count, frame.variables.values.count)
            where program.piiSlots[slot] && frame.variables.setMask[slot] {
                found.insert(frame.variables.values[slot].plainText)
            }
        }
        // Too short a text would mask ordinary words and digits: keep values of 3+ characters.
        secrets = found.filter { $0.count >= 3 }.sorted { $0.count > $1.count }
    }

    /// `text` with every secret replaced by `***`.
    func apply(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: Self.mask)
        }
        return text
    }

    /// A variable's value as the key may see it.
    func variable(_ value: Value, pii: Bool) -> JSONValue {
        pii && !inClear ? .string(Self.mask) : JSONValue(value)
    }

    func customer(_ customer: String) -> String { inClear ? customer : Self.mask }
}
