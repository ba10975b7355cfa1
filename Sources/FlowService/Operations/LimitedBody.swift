import Hummingbird

/// A request body that fails once more than `limit` bytes have come: how the configured
/// body limit is enforced below `BodyReader.limit` (the body reader then answers 413
/// `body-too-large`, after the token has been checked).
struct LimitedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let base: RequestBody
    let limit: Int

    /// The configured limit was passed; `limit` is named in the 413 answer.
    struct TooLarge: Error {
        let limit: Int
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let limit: Int
        var seen = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            seen += buffer.readableBytes
            if seen > limit { throw TooLarge(limit: limit) }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), limit: limit)
    }
}
