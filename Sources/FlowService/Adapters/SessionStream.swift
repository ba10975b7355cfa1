import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One event of `GET /v1/sessions/{id}/stream` as a channel system reads it.
public enum SessionStreamEvent: Sendable {
    /// The session as it stood when the stream began (`id`: its last log sequence).
    case snapshot(lastSequence: Int64?)
    /// One committed step (or, `fromLog`, the records a reconnect missed).
    case step(StepEventBody)
    /// The session ended; the stream closes after it.
    case end(StreamEndBody)
}

extension FlowServiceClient {
    /// Follows a session's steps as the service commits them (server-sent events), after
    /// `lastSequence` when given (`Last-Event-ID`: what came since is read from the log).
    /// The stream finishes after `end`, or when the service closes it; it throws a
    /// `ServiceCallError` when the service refuses it (`unknown-session`, `forbidden`...) or
    /// cannot be reached. Cancelling the task that reads it closes the connection.
    ///
    /// ```swift
    /// for try await event in client.follow(session, after: 12) {
    ///     if case .step(let step) = event { print(step.state, step.actions) }
    /// }
    /// ```
    public func follow(_ session: String, after lastSequence: Int64? = nil) -> AsyncThrowingStream<SessionStreamEvent, any Error> {
        let (events, continuation) = AsyncThrowingStream<SessionStreamEvent, any Error>.makeStream()
        let path = "/v1/sessions/\(Self.escaped(session))/stream"
        guard let url = URL(string: path, relativeTo: service) else {
            continuation.finish(throwing: ServiceCallError.unreachable("\(service)\(path) is not a URL"))
            return events
        }
        var request = URLRequest(url: url)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("text/event-stream", forHTTPHeaderField: "Accept")
        if let lastSequence { request.setValue(String(lastSequence), forHTTPHeaderField: "Last-Event-ID") }
        let reader = SessionStreamReader(continuation: continuation)
        let configuration = URLSessionConfiguration.ephemeral
        // A stream is quiet for long stretches (keep-alive comments every 15 s).
        configuration.timeoutIntervalForRequest = 120
        configuration.timeoutIntervalForResource = .infinity
        let connection = URLSession(configuration: configuration, delegate: reader, delegateQueue: nil)
        let task = connection.dataTask(with: request)
        continuation.onTermination = { _ in
            task.cancel()
            connection.invalidateAndCancel()
        }
        task.resume()
        return events
    }
}

/// Reads `text/event-stream` as it arrives (URLSession's data delegate) into
/// `SessionStreamEvent`s: blocks separated by a blank line, `event:`, `id:` and `data:`
/// lines, comments (keep-alives) skipped.
final class SessionStreamReader: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let continuation: AsyncThrowingStream<SessionStreamEvent, any Error>.Continuation
    private let lock = NSLock()
    private var pending = Data()
    private var status = 0
    /// The body of a refusal (not a stream), kept to say why.
    private var refusal = Data()

    init(continuation: AsyncThrowingStream<SessionStreamEvent, any Error>.Continuation) {
        self.continuation = continuation
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        lock.withLock { status = (response as? HTTPURLResponse)?.statusCode ?? 0 }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let blocks: [Data] = lock.withLock {
            guard status == 200 else {
                refusal.append(data)
                return []
            }
            pending.append(data)
            var blocks: [Data] = []
            let separator = Data("\n\n".utf8)
            while let range = pending.range(of: separator) {
                blocks.append(pending[pending.startIndex..<range.lowerBound])
                pending = Data(pending[range.upperBound...])
            }
            return blocks
        }
        for block in blocks {
            do {
                if let event = try Self.event(String(decoding: block, as: UTF8.self)) { continuation.yield(event) }
            } catch {
                continuation.finish(throwing: error)
                return
            }
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (status, refusal) = lock.withLock { (self.status, self.refusal) }
        if status != 200, status != 0 {
            continuation.finish(throwing: ServiceCallError.refusal(status: status, body: refusal))
        } else if let error {
            continuation.finish(throwing: ServiceCallError.unreachable("the session's stream: \(error.localizedDescription)"))
        } else {
            continuation.finish()
        }
        session.finishTasksAndInvalidate()
    }

    /// One block of the stream; nil for a comment or an event this reader does not know.
    static func event(_ block: String) throws(ServiceCallError) -> SessionStreamEvent? {
        var name = "message"
        var id: String?
        var data: [Substring] = []
        for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("event:") {
                name = line.dropFirst(6).trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("id:") {
                id = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("data:") {
                data.append(line.dropFirst(line.hasPrefix("data: ") ? 6 : 5))
            }
        }
        let body = Data(data.joined(separator: "\n").utf8)
        do {
            switch name {
            case "snapshot": return .snapshot(lastSequence: id.flatMap { Int64($0) })
            case "step": return .step(try JSONDecoder().decode(StepEventBody.self, from: body))
            case "end": return .end(try JSONDecoder().decode(StreamEndBody.self, from: body))
            default: return nil
            }
        } catch {
            throw .unreadable("a '\(name)' event of the session's stream is not what the API documents: \(error)")
        }
    }
}
