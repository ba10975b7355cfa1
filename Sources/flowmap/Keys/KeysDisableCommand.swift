import ArgumentParser
import FlowAccess
import Foundation

/// `flowmap keys disable`: a key stops working now (a person left, a system retired).
struct KeysDisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable a key now; it is kept, with who disabled it and why.")

    @OptionGroup var storeOptions: KeyStoreOptions
    @OptionGroup var admin: AdminOptions

    @Argument(help: ArgumentHelp("The key's id.", valueName: "id"))
    var id: String

    @Option(name: .long, help: ArgumentHelp("Why (kept in the log).", valueName: "text"))
    var reason: String

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
    }

    func run() throws {
        try KeysFailure.reporting {
            let keys = try storeOptions.open(readOnly: false)
            let key = try keys.disable(id: id, by: admin.by, reason: reason, at: Date())
            Standard.output("key \(key.id) of \(key.owner) disabled by \(admin.by): \(reason)\n")
        }
    }
}
