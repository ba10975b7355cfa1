import Foundation
import Hummingbird

/// Reads a JSON body: size-limited, UTF-8 checked, decoded with each fault named.
enum BodyReader {
    /// The largest body accepted (64 KiB).
    static let limit = 64 * 1024

    static func read<T: Decodable>(_ type: T.Type, from request: Request, limit: Int = limit) async throws(ServiceError) -> T {
        let data = try await bytes(of: request, limit: limit)
        return try decode(type, from: data)
    }

    static func bytes(of request: Request, limit: Int) async throws(ServiceError) -> Data {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge(limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as LimitedBody.TooLarge {
            // The configured body limit (serve.yaml `body-limit`), below this reader's.
            throw tooLarge(error.limit)
        } catch {
            throw tooLarge(limit)
        }
        return Data(buffer.readableBytesView)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(ServiceError) -> T {
        guard String(bytes: data, encoding: .utf8) != nil else {
            throw ServiceError(.badRequest, "invalid-utf8", "the body is not valid UTF-8")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw ServiceError(.badRequest, "malformed-json", "the body is not JSON: \(error)")
        }
    }

    private static func tooLarge(_ limit: Int) -> ServiceError {
        ServiceError(.contentTooLarge, "body-too-large", "the body is larger than \(limit) bytes")
    }

    private static func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
        (codingPath + (last.map { [$0] } ?? [])).map { key in
            key.intValue.map { "[\($0)]" } ?? key.stringValue
        }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    private static func describe(_ error: DecodingError) -> ServiceError {
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath, key)
            return ServiceError(.badRequest, "missing-field", "the body has no '\(field)'", field: field)
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return ServiceError(
                .badRequest, "wrong-type", "'\(field.isEmpty ? "the body" : field)' is not \(describe(type))",
                field: field.isEmpty ? nil : field)
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return ServiceError(.badRequest, "wrong-type", "'\(field)' is null, not \(describe(type))", field: field)
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty {
                return ServiceError(.badRequest, "malformed-json", "the body is not JSON")
            }
            return ServiceError(.badRequest, "wrong-type", "'\(field)': \(context.debugDescription)", field: field)
        @unknown default:
            return ServiceError(.badRequest, "malformed-json", "the body could not be read: \(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type, is Decimal.Type: "a number"
        default:
            "\(type)".hasPrefix("Dictionary") ? "an object" : ("\(type)".hasPrefix("Array") ? "a list" : "a \(type)")
        }
    }
}
