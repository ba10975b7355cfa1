import ArgumentParser
import FlowLoading
import Foundation

/// `flowmap lint [PATH...]`: every problem of every file, compiler style.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check flow files and the flow map; report every problem with file:line:column.",
        discussion: """
            Folders are searched for *.yaml files; flowmap.yaml is the flow map. When no flow map \
            is given, the nearest flowmap.yaml above the first path is used and only the given \
            files' problems are reported. Rules and their codes: docs/designer-guide.md.
            Exit status: 0 when there is no error, 1 when there is one (or a warning, with --strict).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Flow files, folders, or a flowmap.yaml (default: Flows).")
    var paths: [String] = []

    @Option(name: .long, help: "Output format: text (compiler style) or json.")
    var format: Format = .text

    @Flag(name: .long, help: "Fail on warnings too.")
    var strict = false

    @Flag(name: .long, help: "Show errors only.")
    var errorsOnly = false

    func run() throws {
        let library = FlowLibrary.load(paths: paths.isEmpty ? ["Flows"] : paths)
        let shown = library.diagnostics.filter { !errorsOnly || $0.severity == .error }
        switch format {
        case .text:
            let colour = isatty(STDOUT_FILENO) != 0
            for diagnostic in shown { print(DiagnosticText.render(diagnostic, colour: colour)) }
            let files = Set(library.flows.map(\.file)).count + (library.flowMap == nil ? 0 : 1)
            print(
                "\(library.errorCount) error\(library.errorCount == 1 ? "" : "s"), \(library.warningCount) warning\(library.warningCount == 1 ? "" : "s") in \(library.flows.count) flow\(library.flows.count == 1 ? "" : "s")\(library.flowMap == nil ? "" : " and the flow map") (\(files) file\(files == 1 ? "" : "s"))"
            )
        case .json:
            print(try DiagnosticJSON.encode(shown))
        }
        // Like compilers, leave without freeing: the library is large and the process is done.
        fflush(nil)
        Foundation.exit(library.hasErrors || (strict && library.warningCount > 0) ? 1 : 0)
    }
}
