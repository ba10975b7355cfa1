import Foundation
import Hummingbird

/// JSON answers: a value with a status, or a `ServiceError` as its error body.
enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":{"code":"internal","message":"the answer could not be encoded"}}"#.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ error: ServiceError) -> Response {
        make(error.body, status: error.status)
    }

    /// Runs a handler and turns whatever it throws into a JSON error answer.
    static func answering(_ handler: () async throws(ServiceError) -> Response) async -> Response {
        do {
            return try await handler()
        } catch {
            return Self.error(error)
        }
    }
}
