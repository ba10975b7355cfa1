import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain POSIX socket to the test server on 127.0.0.1 with a small receive buffer, its GET
/// request sent: for clients that must control when (and whether) they read, which every
/// HTTP client library takes out of the test's hands (`SlowStreamClient`, `LeavingClient`).
enum LoopbackSocket {
    struct Failure: Error, CustomStringConvertible {
        var step: String
        var code: Int32
        var description: String { "\(step): errno \(code)" }
    }

    /// A connected socket with `receiveBuffer` bytes of receive buffer, after sending
    /// `GET path` with the bearer token and `headers` (each a whole line without its CRLF).
    /// The caller closes it.
    static func get(port: Int, path: String, token: String, headers: [String] = [], receiveBuffer: Int32) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(step: "socket", code: errno) }
        var size = receiveBuffer
        setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(socket)
            throw Failure(step: "connect", code: code)
        }
        let lines = ["GET \(path) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Authorization: Bearer \(token)"] + headers
        let request = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
        guard send(socket, request, request.count, 0) == request.count else {
            let code = errno
            close(socket)
            throw Failure(step: "send", code: code)
        }
        return socket
    }
}
