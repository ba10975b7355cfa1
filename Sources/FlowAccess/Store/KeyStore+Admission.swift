import Foundation

/// The answer to a request at the service's door.
public enum Admission: Sendable, Hashable {
    /// Let in: the key, and whether responses to it show `pii` variables in clear.
    case admitted(AccessKey, piiInClear: Bool)
    /// Turned away, the denial already in the access log. `code` is stable (`no-token`,
    /// `malformed-token`, `unknown-key`, `wrong-secret`, `disabled-key`, `role`, `channel`,
    /// `agent`, `target`); `message` says what is missing.
    case refused(code: String, message: String)
}

extension KeyStore {
    /// Checks a request from end to end: the token (`nil`: none presented), then the key's
    /// role and scope for `action` on `target`. A refusal is logged with who (the key, or
    /// the id a bad token claimed) and what (`route`) before it is returned.
    ///
    /// ```swift
    /// switch try keys.admit(token: bearer, action: .publishFlow, target: .service,
    ///                       route: "POST /v1/publish", at: now) {
    /// case .admitted(let key, let piiInClear): ...
    /// case .refused(let code, let message): ... // 401 or 403 with the code
    /// }
    /// ```
    public func admit(token: String?, action: Action, target: AccessTarget, route: String, at moment: Date) throws(KeyError)
        -> Admission
    {
        guard let token else {
            return try refuse(key: nil, code: "no-token", message: "no key presented", route: route, at: moment)
        }
        switch try verify(token, at: moment) {
        case .refused(let refusal):
            let claimed: String? =
                switch refusal {
                case .malformed: nil
                case .unknownKey(let id), .wrongSecret(let id), .disabled(let id, _): id
                }
            return try refuse(key: claimed, code: refusal.code, message: refusal.description, route: route, at: moment)
        case .accepted(let key):
            switch AccessPolicy.authorise(key, action, on: target, at: moment) {
            case .allowed:
                return .admitted(key, piiInClear: AccessPolicy.showsPIIInClear(to: key, at: moment))
            case .denied(let reason):
                return try refuse(key: key.id, code: reason.code, message: reason.description, route: route, at: moment)
            }
        }
    }

    private func refuse(key: String?, code: String, message: String, route: String, at moment: Date) throws(KeyError) -> Admission {
        try recordDenial(key: key, route: route, reason: "\(code): \(message)", at: moment)
        return .refused(code: code, message: message)
    }
}
