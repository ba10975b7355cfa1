import FlowAccess
import Foundation
import Hummingbird

/// Lets requests in by key: the bearer token, then the key's role and scope for the
/// action on its target (`KeyStore.admit`, which logs every refusal with who and what).
struct Doorkeeper: Sendable {
    let keys: KeyStore

    /// The key admitted and whether its answers show `pii` variables in clear; a refusal
    /// becomes 401 (no usable key) or 403 (a key that may not).
    func admit(_ request: Request, _ action: FlowAccess.Action, on target: AccessTarget) throws(ServiceError)
        -> (key: AccessKey, piiInClear: Bool)
    {
        let route = "\(request.method.rawValue) \(request.uri.path)"
        let admission: Admission
        do {
            admission = try keys.admit(
                token: Self.bearer(request), action: action, target: target, route: route, at: Date())
        } catch {
            throw ServiceError(.serviceUnavailable, "key-store", "the key store failed: \(error)")
        }
        switch admission {
        case .admitted(let key, let piiInClear):
            return (key, piiInClear)
        case .refused(let code, let message):
            let unauthenticated: Set = ["no-token", "malformed-token", "unknown-key", "wrong-secret", "disabled-key"]
            throw ServiceError(unauthenticated.contains(code) ? .unauthorized : .forbidden, code, message)
        }
    }

    /// Checks only the token (every valid key may read the flow map): used before
    /// answering about a body or a session that cannot be authorised further.
    func authenticate(_ request: Request) throws(ServiceError) -> (key: AccessKey, piiInClear: Bool) {
        try admit(request, .readFlowMap, on: .service)
    }

    /// The token of `Authorization: Bearer <token>`; the whole header when it is not a
    /// bearer (the key store then calls it malformed); nil when there is none.
    static func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let prefix = "Bearer "
        guard header.hasPrefix(prefix) else { return header }
        // Spaces and tabs around the token, trimmed without Foundation's bridging (every request passes here).
        let token = header.utf8.dropFirst(prefix.utf8.count)
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = token.firstIndex(where: { !blank($0) }), let last = token.lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return String(Substring(token[first...last]))
    }
}
