import ArgumentParser
import FlowAccess
import Foundation

/// `flowmap keys rotate`: a new key for the same owner, role and scope; the old one stops.
struct KeysRotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace a key by a new one (same owner, role, scope); the new token is printed once.",
        discussion: "The old key stops working at once, or after --grace (30s, 15m, 24h, 7d) so that callers can switch.")

    @OptionGroup var storeOptions: KeyStoreOptions
    @OptionGroup var admin: AdminOptions

    @Argument(help: ArgumentHelp("The key's id.", valueName: "id"))
    var id: String

    @Option(name: .long, help: ArgumentHelp("How long the old key keeps working (default 0).", valueName: "period"))
    var grace: String?

    /// Seconds in `30s`, `15m`, `24h`, `7d`, or a plain number of seconds.
    static func seconds(_ text: String) -> TimeInterval? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let last = text.last, let unit = units[last], let number = Double(text.dropLast()), number >= 0, number.isFinite {
            return number * unit
        }
        guard let number = Double(text), number >= 0, number.isFinite else { return nil }
        return number
    }

    func validate() throws {
        if let grace, Self.seconds(grace) == nil {
            throw ValidationError("--grace: '\(grace)' is not a period (30s, 15m, 24h, 7d)")
        }
    }

    func run() throws {
        try KeysFailure.reporting {
            let keys = try storeOptions.open(readOnly: false)
            let rotated = try keys.rotate(id: id, by: admin.by, grace: grace.flatMap(Self.seconds) ?? 0, at: Date())
            let end = rotated.new.createdAt < (rotated.old.disabledAt ?? .distantPast)
                ? "works until \(rotated.old.disabledAt!.keysText)" : "is disabled now"
            Standard.output("""
                key \(rotated.old.id) of \(rotated.old.owner) rotated to \(rotated.new.id) by \(admin.by); the old key \(end)
                token (shown once, keep it secret): \(rotated.token.text)

                """)
        }
    }
}
