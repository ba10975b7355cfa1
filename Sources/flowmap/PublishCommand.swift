import ArgumentParser
import FlowLoading
import FlowStore
import Foundation

/// `flowmap publish [Flows] [--store flowmap.sqlite]`: make the library's versions current.
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish the flow library to the store: each flow's content becomes a version.",
        discussion: """
            A version is the SHA-256 of the file's bytes; its content is stored, never changed, \
            so sessions pinned to an old version can resume and be replayed. Publishing \
            unchanged content changes nothing. The flow map is published as a document of its \
            own. A library with lint errors is refused (run flowmap lint).
            Exit status: 0 when published, 1 when refused.
            """
    )

    @Argument(help: "The flow library: a folder holding flowmap.yaml and the flow files (default: Flows).")
    var paths: [String] = []

    @Option(name: .long, help: ArgumentHelp("The store: a flowmap SQLite database (created when absent).", valueName: "file"))
    var store = "flowmap.sqlite"

    func run() throws {
        let versions = FlowVersionStore(store: try SQLiteSessionStore(path: store))
        let published: [Published]
        do {
            published = try versions.publish(paths: paths.isEmpty ? ["Flows"] : paths)
        } catch PublishError.lintErrors(let diagnostics) {
            let colour = isatty(STDERR_FILENO) != 0
            for diagnostic in diagnostics { Standard.error(DiagnosticText.render(diagnostic, colour: colour)) }
            Standard.error("error: the library has \(diagnostics.count) lint error\(diagnostics.count == 1 ? "" : "s"); nothing was published")
            throw ExitCode(1)
        } catch let error as PublishError {
            Standard.error("error: \(error)")
            throw ExitCode(1)
        }
        let width = published.map(\.document.count).max() ?? 0
        for document in published {
            let name = document.document.padding(toLength: width, withPad: " ", startingAt: 0)
            switch document.status {
            case .published: print("\(name)  published \(document.version.prefix(12))")
            case .restored: print("\(name)  restored \(document.version.prefix(12))")
            case .unchanged: print("\(name)  unchanged")
            }
        }
    }
}
