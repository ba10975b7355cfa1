import ArgumentParser

/// `--listen HOST:PORT`: where an adapter's own server listens (port 0: any free port, printed).
struct ListenAddress: ExpressibleByArgument, Sendable {
    var host: String
    var port: Int

    init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":"), let port = Int(argument[argument.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        host = String(argument[..<colon])
        self.port = port
        if host.isEmpty { return nil }
    }

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    var defaultValueDescription: String { "\(host):\(port)" }
}
