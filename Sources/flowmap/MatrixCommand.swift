import ArgumentParser
import FlowPresentation

/// `flowmap matrix`: the flow map as a table of businesses by channels.
struct MatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix",
        abstract: "Show the flow map: businesses down the side, channels across the top.",
        discussion: """
            Each cell shows its flow, or "not offered" with the reason, or BLIND SPOT when it has \
            neither (管理盲点); then the contact-point codes it covers (one per brand), its \
            brand/environment variants and its compliance benchmark. The csv format lists one row \
            per contact point and customer environment.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, html, csv

        var report: MatrixReport.Format {
            switch self {
            case .text: .text
            case .markdown: .markdown
            case .html: .html
            case .csv: .csv
            }
        }
    }

    @OptionGroup var library: LibraryOptions

    @Option(name: .long, help: "Output format: text (aligned columns), markdown, html (one self-contained page) or csv.")
    var format: Format = .text

    @OptionGroup var output: OutputOptions

    func run() throws {
        try Standard.failing {
            let (loaded, map) = try library.load()
            try output.write(MatrixReport(map: map, flows: loaded.flows).render(format.report))
        }
    }
}
