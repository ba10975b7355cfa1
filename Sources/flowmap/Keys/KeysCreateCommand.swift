import ArgumentParser
import FlowAccess
import Foundation

/// `flowmap keys create`: a new key, its token printed once.
struct KeysCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a key; its token is printed once and never again.",
        discussion: """
            Roles: designer, adapter (needs --channel), agent (needs --agent), qa, auditor, admin. \
            --pii-reader lets an agent, qa or auditor key see pii variables in clear.
            """
    )

    @OptionGroup var storeOptions: KeyStoreOptions
    @OptionGroup var admin: AdminOptions

    @Option(name: .long, help: ArgumentHelp("The person or system the key belongs to (an account per person).", valueName: "name"))
    var owner: String

    @Option(name: .long, help: ArgumentHelp("designer, adapter, agent, qa, auditor or admin.", valueName: "role"))
    var role: String

    @Option(name: .long, help: ArgumentHelp("A channel an adapter key drives (repeatable).", valueName: "channel"))
    var channel: [String] = []

    @Option(name: .long, help: ArgumentHelp("The agent id an agent key acts as.", valueName: "id"))
    var agent: String?

    @Flag(name: .customLong("pii-reader"), help: "Grant pii variables in clear (agent, qa, auditor keys only).")
    var piiReader = false

    func validate() throws {
        guard !owner.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--owner must name the key's owner") }
        guard Role(rawValue: role) != nil else {
            throw ValidationError("unknown role '\(role)': one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        try KeysFailure.reporting {
            let role = Role(rawValue: role)!
            let scope = KeyScope(channels: channel, agent: agent, piiReader: piiReader)
            try scope.check(for: role)
            let keys = try storeOptions.open(readOnly: false)
            let made = try keys.create(owner: owner, role: role, scope: scope, by: admin.by, at: Date())
            Standard.output("""
                key \(made.key.id) for \(made.key.owner): \(made.key.scopeSummary)
                token (shown once, keep it secret): \(made.token.text)

                """)
        }
    }
}
