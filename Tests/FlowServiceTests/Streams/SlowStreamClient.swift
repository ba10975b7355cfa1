import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A stream client that sends its request and then does not read: a desktop whose process
/// is stuck. Its socket's receive buffer is made small, so the server soon cannot write to
/// it and the stream's buffer of live steps fills up. `readToEnd` then reads everything
/// the server sends until it closes the response, and gives back the server-sent events.
///
/// A plain POSIX socket on purpose: every HTTP client library reads as data arrives, and
/// this client must not.
final class SlowStreamClient: @unchecked Sendable {
    struct Event {
        var name: String
        var id: String?
        var json: [String: Any]

        var records: [[String: Any]] { json["records"] as? [[String: Any]] ?? [] }
    }

    private let socket: Int32

    init(port: Int, path: String, token: String) throws {
        socket = try LoopbackSocket.get(
            port: port, path: path, token: token, headers: ["Accept: text/event-stream"], receiveBuffer: 2048)
    }

    deinit {
        close(socket)
    }

    /// Reads until the server closes the response (on a thread of its own: reads block),
    /// and returns the status and the events, comments left out.
    func readToEnd() async throws -> (status: Int, events: [Event]) {
        let socket = self.socket
        let raw: [UInt8] = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                var data: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = recv(socket, &buffer, buffer.count, 0)
                    if count < 0 { return continuation.resume(throwing: Failure("recv: \(errno)")) }
                    if count == 0 { break }
                    data += buffer[0..<count]
                    // The end of a chunked body: the last chunk, of size 0.
                    if data.count >= 5, Array(data.suffix(5)) == Array("0\r\n\r\n".utf8) { break }
                }
                continuation.resume(returning: data)
            }
        }
        return try Self.parse(raw)
    }

    /// The status line, the headers, then the chunked body taken apart into events.
    static func parse(_ raw: [UInt8]) throws -> (status: Int, events: [Event]) {
        let crlf = Array("\r\n".utf8)
        func find(_ pattern: [UInt8], from start: Int) -> Int? {
            guard raw.count >= pattern.count else { return nil }
            var index = start
            while index + pattern.count <= raw.count {
                if Array(raw[index..<index + pattern.count]) == pattern { return index }
                index += 1
            }
            return nil
        }
        guard let headEnd = find(crlf + crlf, from: 0) else { throw Failure("no end of the headers") }
        let head = String(decoding: raw[0..<headEnd], as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        guard head.lowercased().contains("transfer-encoding: chunked") else { throw Failure("not chunked: \(head)") }
        var position = headEnd + 4
        var bytes: [UInt8] = []
        while let lineEnd = find(crlf, from: position) {
            let sizeText = String(decoding: raw[position..<lineEnd], as: UTF8.self)
            guard let size = Int(sizeText, radix: 16) else { throw Failure("bad chunk size '\(sizeText)'") }
            if size == 0 { break }
            bytes += raw[(lineEnd + 2)..<(lineEnd + 2 + size)]
            position = lineEnd + 2 + size + 2
        }
        let body = String(decoding: bytes, as: UTF8.self)
        var events: [Event] = []
        for block in body.components(separatedBy: "\n\n") where !block.isEmpty {
            var name = "message"
            var id: String?
            var data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("id: ") { id = String(line.dropFirst(4)) }
                if line.hasPrefix("data: ") { data += line.dropFirst(6) }
            }
            guard !data.isEmpty else { continue }
            let json = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
            events.append(Event(name: name, id: id, json: json))
        }
        return (status, events)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
