import ArgumentParser

@main
struct FlowmapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flowmap",
        abstract: "Service flows on a business x channel flow map: lint, query, draw, test and run them.",
        version: "0.1.0",
        subcommands: [
            LintCommand.self, MatrixCommand.self, ShowCommand.self, RenderCommand.self, CodeCommand.self,
            SimulateCommand.self,
            TestCommand.self, WalkCommand.self,
            LogCommand.self, PublishCommand.self, StoreLoadCommand.self, AuditCommand.self,
            KeysCommand.self, ServeCommand.self,
            AdapterCommand.self,
        ]
    )
}
