import ArgumentParser
import FlowLoading
import FlowModel
import Foundation

/// `flowmap test [PATH...]`: runs the scenario files through the real step function and
/// reports each scenario, then the coverage of each flow.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run flow scenarios (*.scenario.yaml) and report coverage per flow.",
        discussion: """
            Folders are searched for *.scenario.yaml files. Each scenario plays a contact through \
            the runtime's step function, in memory, on a clock set by hand, and checks what the \
            flow says and does at each step. Then, for every flow under the paths and every flow \
            a scenario ran, the states entered and the designed transitions taken. The library \
            is the folder holding flowmap.yaml above each scenario file. Format: \
            docs/designer-guide.md, "Flow tests".
            Exit status: 0 when every scenario passes; 1 on a failed scenario, a bad scenario \
            file, no scenario at all, or (with --require-states) a flow with states no scenario enters.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Scenario files or folders (default: Flows).")
    var paths: [String] = []

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    @Flag(name: .long, help: "Fail when a flow has a state no scenario enters.")
    var requireStates = false

    @Option(name: .long, help: ArgumentHelp(
        "The flow library (default: the folder holding flowmap.yaml above each scenario file).", valueName: "folder"))
    var library: String?

    @Option(name: .long, help: ArgumentHelp("Run only scenarios whose name contains this text.", valueName: "text"))
    var filter: String?

    func validate() throws {
        if let library, !FileManager.default.fileExists(atPath: library) {
            throw ValidationError("no such library folder: \(library)")
        }
    }

    func run() throws {
        let report = TestRun(paths: paths.isEmpty ? ["Flows"] : paths, library: library, filter: filter).report()
        switch format {
        case .text:
            Standard.output(report.text(colour: isatty(STDOUT_FILENO) != 0, requireStates: requireStates))
        case .json:
            Standard.output(try report.json() + "\n")
        }
        if report.failed(requireStates: requireStates) { throw ExitCode(1) }
    }
}

/// One `flowmap test`: find the files, group them by library, read, run, count coverage.
struct TestRun {
    var paths: [String]
    var library: String?
    var filter: String?

    func report() -> TestReport {
        var report = TestReport()
        let found = ScenarioFiles.find(under: paths)
        report.problems = found.problems
        var byRoot: [(root: String, files: [String])] = []
        for file in found.files {
            guard let root = library ?? ScenarioLibrary.root(above: file) else {
                report.problems.append(ScenarioProblem(
                    "no flowmap.yaml in a folder above this file; name the library with --library", at: .start(of: file)))
                continue
            }
            if let index = byRoot.firstIndex(where: { $0.root == root }) {
                byRoot[index].files.append(file)
            } else {
                byRoot.append((root, [file]))
            }
        }
        let flowFiles = ScenarioFiles.flowFiles(under: paths)
        for group in byRoot {
            let library = ScenarioLibrary.load(root: group.root)
            if library.loaded.errorCount > 0 {
                Standard.error("warning: the library \(group.root) has \(library.loaded.errorCount) lint error\(library.loaded.errorCount == 1 ? "" : "s"); run flowmap lint")
            }
            let runner = ScenarioRunner(library: library)
            var counter = CoverageCounter()
            for file in group.files {
                let read = ScenarioDecoder.read(path: file, library: library)
                report.problems += read.problems
                let chosen = read.scenarios.filter { scenario in filter.map { scenario.name.contains($0) } ?? true }
                let results = chosen.map(runner.run)
                for result in results { counter.add(result.records) }
                if !results.isEmpty { report.files.append((file, results)) }
            }
            for flow in library.loaded.flows.sorted(by: { $0.id < $1.id })
            where flowFiles.contains(ScenarioFiles.canonical(flow.file)) || counter.ran(flow.id) {
                report.coverage.append(counter.coverage(of: flow))
            }
        }
        report.coverage.sort { $0.flow < $1.flow }
        return report
    }
}
