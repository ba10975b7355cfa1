import Foundation

/// The error codes the service's source can answer with, read from the files themselves.
enum SourceErrorCodes {
    struct Scan {
        var codes: Set<String> = []
        /// `file: call` for each construction whose code is not a string literal.
        var nonLiteral: [String] = []
    }

    /// Calls whose code is the admission's, passed on as given (FlowAccess codes, read below).
    static let passThrough = ["Door/Doorkeeper.swift"]
    /// The reference adapters serve their own routes (the SMS gateway's webhook), not the
    /// engine service's: their codes are not in this document.
    static let otherServers = ["Adapters/"]

    static func scan() throws -> Scan {
        var scan = Scan()
        let service = OpenAPIDocument.repository.appendingPathComponent("Sources/FlowService")
        for file in try swiftFiles(under: service) {
            let text = try String(contentsOf: file, encoding: .utf8)
            let relative = String(file.path.dropFirst(service.path.count + 1))
            if otherServers.contains(where: relative.hasPrefix) { continue }
            let constructor = text.contains("extension ServiceError") ? /(?:ServiceError|self\.init)\(/ : /ServiceError\(/
            for match in text.matches(of: constructor) {
                let arguments = self.arguments(in: text[match.range.upperBound...])
                guard arguments.count >= 3 else { continue }  // ServiceError(engineError) converts, read where it does
                let code = arguments[1].trimmingCharacters(in: .whitespacesAndNewlines)
                if let literal = code.wholeMatch(of: /"([a-z][a-z0-9-]*)"/) {
                    scan.codes.insert(String(literal.1))
                } else if let choice = code.wholeMatch(of: /.+\?\s*"([a-z][a-z0-9-]*)"\s*:\s*"([a-z][a-z0-9-]*)"/) {
                    scan.codes.formUnion([String(choice.1), String(choice.2)])
                } else if code.wholeMatch(of: /[a-zA-Z]+/) != nil, !passThrough.contains(relative) {
                    let named = codes(named: code, in: text)
                    if named.isEmpty { scan.nonLiteral.append("\(relative): \(code)") }
                    scan.codes.formUnion(named)
                } else if !passThrough.contains(relative) {
                    scan.nonLiteral.append("\(relative): \(code)")
                }
            }
            // A body written out by hand (JSONResponse's fallback when encoding fails), and
            // error details made without a ServiceError (the 422 of a publish with lint errors).
            for match in text.matches(of: /"error":\{"code":"([a-z][a-z0-9-]*)"/) { scan.codes.insert(String(match.1)) }
            for match in text.matches(of: /(?:\.init|Detail)\(code: "([a-z][a-z0-9-]*)"/) { scan.codes.insert(String(match.1)) }
        }
        // What KeyStore.admit refuses with: `code: "no-token"` and the `var code: String` switches.
        let access = OpenAPIDocument.repository.appendingPathComponent("Sources/FlowAccess")
        for file in try swiftFiles(under: access) {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /code: "([a-z][a-z0-9-]*)"/) { scan.codes.insert(String(match.1)) }
            for block in text.matches(of: /var code: String \{((?:.|\n)*?)\n    \}/) {
                for literal in block.1.matches(of: /"([a-z][a-z0-9-]*)"/) { scan.codes.insert(String(literal.1)) }
            }
        }
        return scan
    }

    /// The codes a variable named `name` is given in `text`: as a labelled argument or a
    /// default (`code: "unknown-format"`, `code: String = "bad-value"`), or by a `switch`
    /// expression (`let code = switch ... { case ...: "bad-date" ... }`).
    static func codes(named name: String, in text: String) -> Set<String> {
        var found: Set<String> = []
        let labelled = try! Regex("\\b\(name)(?:: String)?\\s*[:=]\\s*\"([a-z][a-z0-9-]*)\"")
        for match in text.matches(of: labelled) {
            if let literal = match.output[1].substring { found.insert(String(literal)) }
        }
        let switched = try! Regex("let \(name) =\\s*switch[^{]*\\{([^}]*)\\}")
        for match in text.matches(of: switched) {
            guard let cases = match.output[1].substring else { continue }
            for line in cases.split(separator: "\n") {
                if let value = line.firstMatch(of: /:\s*"([a-z][a-z0-9-]*)"\s*$/) { found.insert(String(value.1)) }
            }
        }
        return found
    }

    static func swiftFiles(under folder: URL) throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        return (enumerator?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    }

    /// The top-level arguments of a call, from just after its `(` to its `)`.
    static func arguments(in text: Substring) -> [String] {
        var depth = 0
        var inString = false
        var current = ""
        var arguments: [String] = []
        var previous: Character = " "
        for character in text {
            if inString {
                if character == "\"" && previous != "\\" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if "([{".contains(character) {
                depth += 1
            } else if ")]}".contains(character) {
                if depth == 0 {
                    arguments.append(current)
                    return arguments
                }
                depth -= 1
            } else if character == "," && depth == 0 {
                arguments.append(current)
                current = ""
                previous = character
                continue
            }
            current.append(character)
            previous = character
        }
        return arguments
    }
}
