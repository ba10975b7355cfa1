import FlowService
import FlowmapTestSupport
import Foundation

/// What the adapter tests share: the back end's answers (fixtures) and the real `flowmap`
/// binary run off the test's threads, so the server in the same process goes on serving.
enum AdapterFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/adapters")

    /// billing.balance: ok, 56.8 available, 100 credit; service.activate: ok.
    static var operations: String { folder.appendingPathComponent("operations.json").path }
    /// billing.balance: ok, 6.5 available, no credit; service.activate: ok.
    static var lowBalance: String { folder.appendingPathComponent("low-balance.json").path }

    static func client(_ server: TestServer, token: String) -> FlowServiceClient {
        FlowServiceClient(service: URL(string: "http://127.0.0.1:\(server.port)")!, token: token)
    }

    /// Runs `flowmap` and waits for it to exit (without holding a thread meanwhile).
    static func flowmap(_ arguments: [String], input: String) async throws -> FlowmapRun {
        try await FlowmapBinary.run(arguments, input: input)
    }

    /// The lines of a run's output, each trimmed.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
