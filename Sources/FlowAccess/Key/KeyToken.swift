import Crypto
import Foundation

/// A token as handed out once at creation: `fmk_<id>_<secret>`, where `id` is 16 lowercase
/// hex digits and `secret` 32 random bytes in base64url without padding (43 characters).
///
/// ```swift
/// let token = KeyToken.generate()
/// token.text          // fmk_3f9a0c1d2e4b5a69_q7Xz...
/// token.secretDigest  // 32 bytes: the only form of the secret the key store keeps
/// let parsed = try KeyToken(parsing: token.text)
/// ```
public struct KeyToken: Sendable, Hashable {
    public static let prefix = "fmk_"
    public let id: String
    public let secret: String

    /// The whole token, as the caller presents it.
    public var text: String { Self.prefix + id + "_" + secret }

    /// SHA-256 of the secret's bytes. A plain hash is enough: the secret has 256 bits of
    /// entropy, so there is nothing to stretch.
    public var secretDigest: [UInt8] { Array(SHA256.hash(data: Data(secret.utf8))) }

    /// A new token: a random id and secret from `SystemRandomNumberGenerator`.
    public static func generate() -> KeyToken {
        var random = SystemRandomNumberGenerator()
        let idBytes = (0..<8).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        let secretBytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        return KeyToken(id: idBytes.map { String(format: "%02x", $0) }.joined(), secret: base64url(secretBytes))
    }

    init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// Reads a presented token, refusing anything not of the exact shape.
    public init(parsing text: String) throws(TokenRefusal) {
        guard text.hasPrefix(Self.prefix) else { throw .malformed("a token starts with 'fmk_'") }
        let rest = text.utf8.dropFirst(Self.prefix.utf8.count)
        // The id holds no '_', the secret may: the first '_' after the prefix separates them.
        guard let separator = rest.firstIndex(of: UInt8(ascii: "_")) else {
            throw .malformed("a token is fmk_<id>_<secret>: no '_' after the id")
        }
        let id = String(decoding: rest[rest.startIndex..<separator], as: UTF8.self)
        let secret = String(decoding: rest[rest.index(after: separator)...], as: UTF8.self)
        guard id.utf8.count == 16, id.utf8.allSatisfy({ Self.isLowerHex($0) }) else {
            throw .malformed("the key id is 16 lowercase hex digits")
        }
        guard secret.utf8.count == 43, secret.utf8.allSatisfy({ Self.isBase64url($0) }) else {
            throw .malformed("the secret is 43 base64url characters")
        }
        self.init(id: id, secret: secret)
    }

    /// Compares two digests in time that does not depend on where they differ.
    public static func digestsMatch(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    static func isBase64url(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}

/// Why a presented token does not open the service.
public enum TokenRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not of the token's shape; says which part.
    case malformed(String)
    case unknownKey(id: String)
    /// The id is known, the secret is not its secret.
    case wrongSecret(id: String)
    case disabled(id: String, reason: String)

    /// A stable code for answers and the denial log.
    public var code: String {
        switch self {
        case .malformed: "malformed-token"
        case .unknownKey: "unknown-key"
        case .wrongSecret: "wrong-secret"
        case .disabled: "disabled-key"
        }
    }

    public var description: String {
        switch self {
        case .malformed(let why): "malformed token: \(why)"
        case .unknownKey(let id): "no key '\(id)'"
        case .wrongSecret(let id): "wrong secret for key '\(id)'"
        case .disabled(let id, let reason): "key '\(id)' is disabled (\(reason))"
        }
    }
}
