import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The engine service's API as a channel system calls it: over HTTP/JSON with a key.
///
/// ```swift
/// let client = FlowServiceClient(service: URL(string: "http://127.0.0.1:8086")!, token: "fmk_...")
/// let answer = try await client.start(StartBody(business: "balance-inquiry", channel: "ivr", brand: "gotone",
///                                               environment: "own-network", customer: "13800138000"))
/// let next = try await client.send(.input("3", id: "dtmf-0001"), to: answer.session)
/// ```
///
/// A request that fails in transit (no answer) is sent again, with the same body, up to
/// `attempts` times: every start and event carries its id, so the service applies it once.
public struct FlowServiceClient: Sendable {
    public let service: URL
    public let token: String
    public let attempts: Int
    private let session: URLSession

    public init(service: URL, token: String, attempts: Int = 3, timeout: TimeInterval = 30) {
        self.service = service
        self.token = token
        self.attempts = max(1, attempts)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        session = URLSession(configuration: configuration)
    }

    /// `POST /v1/sessions`: starts a contact (give `session` an id to make a retry safe).
    public func start(_ body: StartBody) async throws(ServiceCallError) -> EventAnswer {
        try await call("POST", "/v1/sessions", body: body)
    }

    /// `POST /v1/sessions/{id}/events`: one event; a retried id gets the recorded answer.
    public func send(_ event: EventBody, to session: String) async throws(ServiceCallError) -> EventAnswer {
        try await call("POST", "/v1/sessions/\(Self.escaped(session))/events", body: event)
    }

    /// `GET /v1/sessions/{id}`: where the session stands and what it waits for.
    public func session(_ id: String) async throws(ServiceCallError) -> SessionView {
        try await call("GET", "/v1/sessions/\(Self.escaped(id))", body: Optional<StartBody>.none)
    }

    /// `GET /v1/sessions/{id}/actions`: what the session waits for now, also after the
    /// service restarted (rebuilt from the state it waits in).
    public func actions(_ id: String) async throws(ServiceCallError) -> WaitingActionsAnswer {
        try await call("GET", "/v1/sessions/\(Self.escaped(id))/actions", body: Optional<StartBody>.none)
    }

    /// `GET /v1/contact-points/{code}`: what a contact-point code means.
    public func contactPoint(_ code: String) async throws(ServiceCallError) -> ContactPointAnswer {
        try await call("GET", "/v1/contact-points/\(Self.escaped(code))", body: Optional<StartBody>.none)
    }

    // MARK: Transport

    private func call<Body: Encodable, Answer: Decodable>(_ method: String, _ path: String, body: Body?)
        async throws(ServiceCallError) -> Answer
    {
        guard let url = URL(string: path, relativeTo: service) else {
            throw .unreachable("\(service)\(path) is not a URL")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            do {
                request.httpBody = try JSONEncoder().encode(body)
            } catch {
                throw .unreadable("the request could not be encoded: \(error)")
            }
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        var lastProblem = ""
        for _ in 0..<attempts {
            let data: Data
            let status: Int
            do {
                (data, status) = try await exchange(request)
            } catch {
                lastProblem = "\(error.localizedDescription)"
                continue
            }
            guard (200..<300).contains(status) else { throw ServiceCallError.refusal(status: status, body: data) }
            do {
                return try JSONDecoder().decode(Answer.self, from: data)
            } catch {
                throw .unreadable("\(method) \(path): the answer is not what the API documents: \(error)")
            }
        }
        throw .unreachable("\(method) \(url.absoluteString): \(lastProblem)")
    }

    private func exchange(_ request: URLRequest) async throws -> (Data, Int) {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, Int), any Error>) in
            session.dataTask(with: request) { data, response, error in
                if let error { return continuation.resume(throwing: error) }
                continuation.resume(returning: (data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0))
            }.resume()
        }
    }

    /// A path segment with everything but unreserved characters percent-encoded.
    static func escaped(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? segment
    }
}

/// A call to the service that did not succeed: refused with the API's error (status, code,
/// message, field), unreachable after every attempt, or answered with something unreadable.
public enum ServiceCallError: Error, Sendable, Hashable, CustomStringConvertible {
    case refused(status: Int, code: String, message: String, field: String?)
    case unreachable(String)
    case unreadable(String)

    /// The stable error code of a refusal (`event-refused`, `unknown-session`...), else nil.
    public var code: String? {
        if case .refused(_, let code, _, _) = self { return code }
        return nil
    }

    public var description: String {
        switch self {
        case .refused(let status, let code, let message, let field):
            "refused (\(status) \(code)\(field.map { ", field \($0)" } ?? "")): \(message)"
        case .unreachable(let problem): "the service could not be reached: \(problem)"
        case .unreadable(let problem): problem
        }
    }

    private struct ErrorBody: Decodable {
        struct Detail: Decodable {
            var code: String
            var message: String
            var field: String?
        }
        var error: Detail
    }

    static func refusal(status: Int, body: Data) -> ServiceCallError {
        if let decoded = try? JSONDecoder().decode(ErrorBody.self, from: body) {
            return .refused(status: status, code: decoded.error.code, message: decoded.error.message, field: decoded.error.field)
        }
        return .refused(status: status, code: "http-\(status)", message: String(decoding: body.prefix(200), as: UTF8.self), field: nil)
    }
}
