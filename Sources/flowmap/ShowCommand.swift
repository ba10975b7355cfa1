import ArgumentParser
import FlowPresentation

/// `flowmap show VG101`: the flow query (流程查询).
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "The flow query (流程查询): the flow serving a contact point, step by step.",
        discussion: """
            Give a contact-point code (channel + brand + business code, e.g. VG101), or a business \
            and a channel, optionally with a brand: flowmap show bill-inquiry ivr gotone. Without a \
            brand, every brand is tried and must be served alike.
            Exit status: 0 for a flow or a not-offered reason; 1 for a blind spot, an ambiguous or \
            missing flow, or an unknown code or name.
            """
    )

    @Argument(help: ArgumentHelp(
        "A contact-point code, or a business, a channel and optionally a brand.",
        valueName: "code | business channel [brand]"))
    var contactPoint: [String]

    @Option(name: .long, help: "Customer environment, e.g. own-network (default: the flow map's first).")
    var environment: String?

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        guard (1...3).contains(contactPoint.count) else {
            throw ValidationError("give a contact-point code, or a business and a channel (and a brand)")
        }
        if let environment, environment.isEmpty { throw ValidationError("--environment needs a name") }
    }

    func run() throws {
        try Standard.failing {
            let (loaded, map) = try library.load()
            let query = FlowQuery(map: map, flows: loaded.flows)
            let subject: FlowQuery.Subject = contactPoint.count == 1
                ? .code(contactPoint[0])
                : .names(business: contactPoint[0], channel: contactPoint[1], brand: contactPoint.count == 3 ? contactPoint[2] : nil)
            let answer = query.answer(subject, environment: environment)
            switch answer {
            case .resolved:
                Standard.output(query.render(answer))
            case .unknownCode, .ambiguousCode, .unknownName, .variesByBrand:
                throw CommandFailure(query.render(answer).trimmingSuffixNewline)
            }
            if !answer.isDesigned { throw ExitCode(1) }
        }
    }
}

extension String {
    /// The text without its final line break.
    var trimmingSuffixNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
