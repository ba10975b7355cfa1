import Crypto
import Foundation

/// A flow version's identity: the SHA-256 of the flow file's bytes, in hex.
///
/// Content-addressed: the same bytes are the same version wherever they come from, so
/// publishing unchanged content changes nothing.
public enum FlowVersion {
    public static func hash(of bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The version of the file at `path`.
    public static func hash(ofFileAt path: String) throws -> String {
        hash(of: try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
