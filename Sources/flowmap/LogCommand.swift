import ArgumentParser
import FlowStore
import Foundation

/// `flowmap log`: the traversal log kept in the store.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Work with the traversal log in the store.",
        subcommands: [LogVerifyCommand.self]
    )
}

/// `flowmap log verify [--store flowmap.sqlite]`: recompute every session's hash chain.
struct LogVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every session's hash chain from the stored records.",
        discussion: """
            Opens the store read-only (it may be in use) and checks, per session, that every \
            record's hash matches its fields, that each continues the one before it, and that \
            no record is missing. Prints "N sessions, M records: chain intact", or one line per \
            broken session naming the first broken record.
            Exit status: 0 when every chain is intact, 1 when one is broken.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The store: a flowmap SQLite database.", valueName: "file"))
    var store = "flowmap.sqlite"

    func validate() throws {
        guard FileManager.default.fileExists(atPath: store) else { throw ValidationError("no store at \(store)") }
    }

    func run() throws {
        let opened: SQLiteSessionStore
        do {
            opened = try SQLiteSessionStore(path: store, readOnly: true)
        } catch {
            Standard.error("error: \(error)")
            throw ExitCode(2)
        }
        let result = try LogVerifier(store: opened).verify()
        print(result.report)
        if !result.isIntact { throw ExitCode(1) }
    }
}
