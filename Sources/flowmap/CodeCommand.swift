import ArgumentParser
import FlowPresentation

/// `flowmap code VG101` and `flowmap code bill-inquiry ivr gotone`: contact-point codes both ways.
struct CodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Resolve a contact-point code, or print the code of a business, channel and brand.",
        discussion: """
            A code is the channel code, then the brand code, then the business code \
            (渠道标识 + 品牌标识 + 业务编码): VG101 is bill inquiry (101) by IVR (V) for GoTone (G). \
            flowmap code VG101 prints its business, channel, brand and the flow per customer \
            environment; flowmap code bill-inquiry ivr gotone prints VG101 (without a brand, \
            every brand's code).
            """
    )

    @Argument(help: ArgumentHelp(
        "A contact-point code, or a business, a channel and a brand.",
        valueName: "code | business channel [brand]"))
    var parts: [String]

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        guard (1...3).contains(parts.count) else {
            throw ValidationError("give a contact-point code, or a business, a channel and a brand")
        }
    }

    func run() throws {
        try Standard.failing {
            let (_, map) = try library.load()
            let directory = ContactPointDirectory(map: map)
            let answer = parts.count == 1
                ? directory.lookup(code: parts[0])
                : directory.code(business: parts[0], channel: parts[1], brand: parts.count == 3 ? parts[2] : nil)
            guard answer.isFound else { throw CommandFailure(directory.render(answer).trimmingSuffixNewline) }
            Standard.output(directory.render(answer))
        }
    }
}
