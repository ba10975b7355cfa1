import ArgumentParser
import FlowAccess
import Foundation

/// `flowmap keys`: the engine service's keys (docs/service.md, "Keys").
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list, disable and rotate the engine service's keys.",
        discussion: """
            Keys live in their own SQLite file beside the store (flowmap.keys.sqlite for \
            flowmap.sqlite); the session store itself is not opened. A key's secret is printed \
            once, at creation or rotation; the key store keeps only its SHA-256. Keys are never \
            deleted, and every admin action and every denied request is kept in an append-only log.
            """,
        subcommands: [
            KeysCreateCommand.self, KeysListCommand.self, KeysDisableCommand.self, KeysRotateCommand.self,
            KeysLogCommand.self,
        ]
    )
}

/// `--store` and `--key-store`, shared by the `keys` subcommands.
struct KeyStoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The session store the keys belong to (it is not opened).", valueName: "file"))
    var store = "flowmap.sqlite"

    @Option(
        name: .customLong("key-store"),
        help: ArgumentHelp("The key store (default: beside --store, flowmap.keys.sqlite for flowmap.sqlite).", valueName: "file"))
    var keyStore: String?

    var path: String { keyStore ?? KeyStore.path(besideStore: store) }

    /// The key store, created when needed for writes; an existing one, read-only, for reads.
    func open(readOnly: Bool) throws -> KeyStore {
        try KeyStore(path: path, readOnly: readOnly)
    }
}

/// `--by ADMIN`: who does an admin action.
struct AdminOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The admin doing this (kept in the log).", valueName: "name"))
    var by: String

    func validate() throws {
        guard !by.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--by must name the admin") }
    }
}

/// Runs a `keys` command's body: key errors become `error: ...` on stderr and exit status 1.
enum KeysFailure {
    static func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as KeyError {
            Standard.error("error: \(error.description)")
            throw ExitCode(1)
        }
    }
}

extension Date {
    /// `2026-11-02T09:00:00Z`.
    var keysText: String { ISO8601DateFormatter().string(from: self) }
}
