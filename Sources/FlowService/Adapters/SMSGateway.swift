import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The SMS gateway's outbound side: each text is `POST`ed to the gateway's URL as
/// `{"to": "13800138000", "text": "...", "reference": "m-1001-1"}`, the reference naming the
/// inbound message and the text's place in the answer (stable, so a gateway can drop a repeat).
public struct SMSGateway: Sendable {
    public let url: URL
    private let session: URLSession

    public init(url: URL, timeout: TimeInterval = 10) {
        self.url = url
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        session = URLSession(configuration: configuration)
    }

    /// One outbound text, as the gateway takes it.
    public struct Outbound: Sendable, Hashable, Codable {
        public var to: String
        public var text: String
        public var reference: String

        public init(to: String, text: String, reference: String) {
            self.to = to
            self.text = text
            self.reference = reference
        }
    }

    /// Sends one text; throws when the gateway does not take it (a 2xx).
    public func send(_ message: Outbound) async throws {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        request.httpBody = try encoder.encode(message)
        let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
            session.dataTask(with: request) { _, response, error in
                if let error { return continuation.resume(throwing: error) }
                continuation.resume(returning: (response as? HTTPURLResponse)?.statusCode ?? 0)
            }.resume()
        }
        guard (200..<300).contains(status) else {
            throw ServiceCallError.refused(
                status: status, code: "gateway-\(status)", message: "the gateway did not take the text", field: nil)
        }
    }
}
