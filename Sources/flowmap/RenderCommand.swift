import ArgumentParser
import FlowPresentation

/// `flowmap render FLOW --format mermaid|dot|svg`: a flow's state machine as a diagram.
struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a flow's state machine as Mermaid, Graphviz DOT or SVG.",
        discussion: """
            svg runs Graphviz (dot -Tsvg), which must be on PATH: apt-get install -y graphviz. \
            Mermaid output renders in GitHub and GitLab Markdown inside a ```mermaid block.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case mermaid, dot, svg
    }

    @Argument(help: ArgumentHelp("The id of the flow to draw, e.g. bill-inquiry.ivr.", valueName: "flow"))
    var flow: String

    @Option(name: .long, help: "Diagram format: mermaid (stateDiagram-v2), dot (Graphviz) or svg (drawn by Graphviz's dot).")
    var format: Format

    @OptionGroup var library: LibraryOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !flow.isEmpty else { throw ValidationError("give the id of a flow") }
    }

    func run() async throws {
        try await Standard.failing {
            let graphviz = Graphviz()
            // Say so before loading anything: nothing else can be done without dot.
            if format == .svg, graphviz.executable == nil { throw CommandFailure(Graphviz.Failure.notInstalled.description) }
            let (loaded, _) = try library.load()
            guard let found = loaded.flow(id: flow) else {
                let ids = loaded.flows.map(\.id).sorted()
                throw CommandFailure("no flow '\(flow)' in \(library.library); flows: \(ids.isEmpty ? "none" : ids.joined(separator: ", "))")
            }
            let diagram = FlowDiagram(flow: found)
            switch format {
            case .mermaid: try output.write(diagram.render(.mermaid))
            case .dot: try output.write(diagram.render(.dot))
            case .svg:
                do {
                    try output.write(try await graphviz.svg(fromDOT: diagram.render(.dot)))
                } catch let failure as Graphviz.Failure {
                    throw CommandFailure(failure.description)
                }
            }
        }
    }
}
