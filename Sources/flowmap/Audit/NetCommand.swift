import ArgumentParser
import FlowAudit
import FlowConformance
import Foundation

/// `flowmap audit net FLOW [--version HASH] --format pnml|dot`: a flow version's Petri net.
struct NetCommand: ParsableCommand {
    enum NetFormat: String, ExpressibleByArgument, CaseIterable {
        case pnml, dot
    }

    static let configuration = CommandConfiguration(
        commandName: "net",
        abstract: "Write a flow version's workflow net as PNML (for process-mining tools) or Graphviz DOT.",
        discussion: """
            The net of docs/auditing.md, "The net": a place per state and a sink, a transition \
            per designed move labelled s->t, a silent transition from each end state to the sink. \
            The version is the one published in the store (the current one unless --version).
            """
    )

    @Argument(help: "The flow's id.")
    var flow: String

    @Option(name: .long, help: ArgumentHelp("The version: its hash or a prefix (default: the current one).", valueName: "hash"))
    var version: String?

    @Option(name: .long, help: "pnml or dot.")
    var format = NetFormat.pnml

    @OptionGroup var storeOptions: AuditStoreOptions

    func run() throws {
        try AuditFailure.reporting {
            let (_, audit) = try storeOptions.open()
            let net = audit.catalog.net(try audit.program(flow: flow, version: version))
            Standard.output(format == .pnml ? net.pnml() : Self.dot(net))
        }
    }

    /// Places as circles (the start doubled, end states bold), moves as boxes labelled `s->t`, τ as black bars.
    static func dot(_ net: FlowNet) -> String {
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var lines = ["digraph \(quoted(net.flow + "@" + String(net.version.prefix(8)))) {", "  rankdir=LR;"]
        for (index, name) in net.stateNames.enumerated() {
            let shape = Int32(index) == net.start ? "doublecircle" : "circle"
            let style = net.isEnd[index] ? ", style=bold" : ""
            lines.append("  \(quoted("p:" + name)) [shape=\(shape), label=\(quoted(name))\(style)];")
        }
        lines.append("  \"p:sink\" [shape=circle, label=\"sink\", style=bold];")
        for move in 0..<Int32(net.moveCount) {
            let label = net.label(ofMove: move)
            let from = net.stateNames[Int(net.moveFrom[Int(move)])]
            let to = net.stateNames[Int(net.moveTo[Int(move)])]
            lines.append("  \(quoted("t:" + label)) [shape=box, label=\(quoted(label))];")
            lines.append("  \(quoted("p:" + from)) -> \(quoted("t:" + label));")
            lines.append("  \(quoted("t:" + label)) -> \(quoted("p:" + to));")
        }
        for end in net.endStates {
            let name = net.stateNames[Int(end)]
            lines.append("  \(quoted("tau:" + name)) [shape=box, style=filled, fillcolor=black, label=\"\", width=0.1];")
            lines.append("  \(quoted("p:" + name)) -> \(quoted("tau:" + name));")
            lines.append("  \(quoted("tau:" + name)) -> \"p:sink\";")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
