import Hummingbird

/// A refusal as the API answers it: a 4xx (or 5xx) status and the JSON body
/// `{"error": {"code": ..., "message": ..., "field": ...}}`. Codes are stable.
public struct ServiceError: Error, Sendable, Hashable {
    public var status: HTTPResponse.Status
    /// Stable and machine-readable: `malformed-json`, `missing-field`, `wrong-type`,
    /// `invalid-utf8`, `body-too-large`, `unknown-contact-point`, `not-served`,
    /// `unknown-session`, `event-refused`, `no-token` ... (see docs/service.md).
    public var code: String
    public var message: String
    /// The body field at fault, as a dotted path, when one is.
    public var field: String?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    /// The JSON body of the answer.
    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var field: String?
        }
        var error: Detail
    }

    var body: Body { Body(error: .init(code: code, message: message, field: field)) }
}
