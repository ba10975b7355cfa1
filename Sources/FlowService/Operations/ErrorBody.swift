import Foundation
import Hummingbird

/// Reads the stable code of an error answer (`{"error": {"code": ...}}`) for the request
/// log and the denial counter, and gives back an equal response to send.
enum ErrorBody {
    /// Error bodies are small; a larger one is left unread.
    static let largest = 16 * 1024

    static func read(_ response: Response) async -> (Response, String?) {
        if let length = response.body.contentLength, length > largest { return (response, nil) }
        let collector = Collector()
        var response = response
        do {
            try await response.body.write(collector)
        } catch {
            return (response, nil)
        }
        let buffer = collector.buffer
        response.body = ResponseBody(byteBuffer: buffer)
        struct Shape: Decodable {
            struct Detail: Decodable { var code: String }
            var error: Detail
        }
        let code = try? JSONDecoder().decode(Shape.self, from: Data(buffer.readableBytesView)).error.code
        return (response, code)
    }

    /// A response body writer that keeps what is written.
    private final class Collector: ResponseBodyWriter, @unchecked Sendable {
        var buffer = ByteBuffer()

        func write(_ part: ByteBuffer) async throws {
            var part = part
            buffer.writeBuffer(&part)
        }

        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
