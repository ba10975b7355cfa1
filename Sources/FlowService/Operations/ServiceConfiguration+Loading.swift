import Configuration
import FlowLoading
import Foundation
import Logging
import SystemPackage

extension ServiceConfiguration {
    /// Reads the configuration: the defaults, under the YAML `file` (when given), under the
    /// `FLOWMAP_*` variables of `environment`. Command-line flags are applied by the caller.
    ///
    /// ```swift
    /// var configuration = try await ServiceConfiguration.load(file: "serve.yaml")
    /// if let port = flags.port { configuration.port = port }
    /// ```
    ///
    /// The file is checked first, with positions: a key the service does not know, or a
    /// value of the wrong kind, is an error naming the file, line, column and key
    /// (`serve.yaml:3:1: error: unknown key 'prot'; did you mean 'port'?`). A variable with
    /// a bad value is an error naming the variable.
    public static func load(
        file: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(ConfigurationError) -> ServiceConfiguration {
        var places: [String: String] = [:]
        if let file { places = try check(file: file) }
        var providers: [any ConfigProvider] = [
            EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "flowmap")
        ]
        if let file {
            do {
                providers.append(try await FileProvider<YAMLSnapshot>(filePath: FilePath(file)))
            } catch {
                throw ConfigurationError("\(file): error: the configuration cannot be read: \(error)")
            }
        }
        let reader = ConfigReader(providers: providers)
        var configuration = ServiceConfiguration()
        for (name, kind) in keys {
            guard let raw = reader.string(forKey: ConfigKey(name)) else { continue }
            let variable = variableName(name)
            let source =
                environment[variable] != nil ? "\(variable)=\(raw)" : "\(places[name] ?? file ?? "?"): error: '\(name)'"
            let wrong = ConfigurationError("\(source): expected \(kind.description), found '\(raw)'")
            switch kind {
            case .text:
                guard !raw.isEmpty else { throw wrong }
                configuration.setText(name, raw)
            case .integer(let range):
                guard let value = reader.int(forKey: ConfigKey(name)), range.contains(value) else { throw wrong }
                configuration.setInteger(name, value)
            case .seconds(let range):
                guard let value = reader.double(forKey: ConfigKey(name)), range.contains(value) else { throw wrong }
                configuration.shutdownGrace = value
            case .choice(let choices):
                guard choices.contains(raw) else { throw wrong }
                if name == "log-level" { configuration.logLevel = Logger.Level(rawValue: raw) ?? .info }
                if name == "log-format" { configuration.logFormat = LogFormat(rawValue: raw) ?? .text }
            }
        }
        return configuration
    }

    /// The environment variable that overrides a key: `FLOWMAP_KEY_STORE` for `key-store`.
    public static func variableName(_ key: String) -> String {
        "FLOWMAP_" + key.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// Checks the file's shape (a mapping of known keys to values of the right kind) and
    /// returns where each key is written (`serve.yaml:3:1`).
    static func check(file: String) throws(ConfigurationError) -> [String: String] {
        let root: YAMLTree
        switch YAMLTree.read(path: file) {
        case .success(let tree): root = tree
        case .failure(let error): throw ConfigurationError(error.description)
        }
        if root.isNull { return [:] }
        guard case .mapping(let entries) = root.content else {
            throw ConfigurationError("\(root.location): error: the configuration must be a mapping of keys to values, not \(root.kindDescription)")
        }
        let known = Dictionary(uniqueKeysWithValues: keys.map { ($0.name, $0.kind) })
        var places: [String: String] = [:]
        for entry in entries {
            let name = entry.key.text
            guard let kind = known[name] else {
                let near = suggestion(for: name, among: keys.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw ConfigurationError(
                    "\(entry.key.location): error: unknown key '\(name)'\(near) (the keys: \(keys.map(\.name).joined(separator: ", ")))")
            }
            places[name] = "\(entry.key.location)"
            let value = entry.value
            let fits: Bool =
                switch (kind, value.content) {
                case (.text, .string), (.text, .int), (.text, .float): !value.text.isEmpty
                case (.integer(let range), .int(let number)): range.contains(Int(number))
                case (.seconds(let range), .int(let number)): range.contains(Double(number))
                case (.seconds(let range), .float(let number)): range.contains(number)
                case (.choice(let choices), .string): choices.contains(value.text)
                default: false
                }
            guard fits else {
                throw ConfigurationError(
                    "\(value.location): error: '\(name)' must be \(kind.description), not \(value.kindDescription)")
            }
        }
        return places
    }

    /// The nearest key within a third of the name's length in edits (a swap of two
    /// neighbours is one edit: `prot` is one from `port`), for "did you mean".
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in 0...a.count { table[i][0] = i }
            for j in 0...b.count { table[0][j] = j }
            for i in stride(from: 1, through: a.count, by: 1) {
                for j in stride(from: 1, through: b.count, by: 1) {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                    }
                }
            }
            return table[a.count][b.count]
        }
        let limit = max(1, name.count / 3)
        return candidates.map { ($0, distance(Array(name), Array($0))) }.filter { $0.1 <= limit }.min { $0.1 < $1.1 }?.0
    }

    private mutating func setText(_ name: String, _ value: String) {
        switch name {
        case "host": host = value
        case "store": store = value
        case "library": library = value
        case "key-store": keyStore = value
        case "reports": reports = value
        default: break
        }
    }

    private mutating func setInteger(_ name: String, _ value: Int) {
        switch name {
        case "port": port = value
        case "operations-port": operationsPort = value
        case "body-limit": bodyLimit = value
        case "export-ahead": exportAhead = value
        case "cache-capacity": cacheCapacity = value
        case "timer-poll": timerPoll = value
        default: break
        }
    }
}
