import ArgumentParser
import FlowAccess
import Foundation

/// `flowmap keys log`: the admin actions and denied requests, oldest first.
struct KeysLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Show the access log: key creations, disables, rotations and denied requests.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @OptionGroup var storeOptions: KeyStoreOptions

    @Option(name: .long, help: "table or json.")
    var format = Format.table

    func run() throws {
        try KeysFailure.reporting {
            let entries = try storeOptions.open(readOnly: true).log()
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                Standard.output(String(decoding: try encoder.encode(entries), as: UTF8.self) + "\n")
            case .table:
                var text = ""
                for entry in entries {
                    var line = "\(entry.id)  \(entry.at.keysText)  \(entry.action.rawValue)  by \(entry.by)"
                    if let key = entry.key { line += "  key \(key)" }
                    if let owner = entry.owner, owner != entry.by { line += " (\(owner))" }
                    if let route = entry.route { line += "  \(route)" }
                    if let reason = entry.reason { line += ": \(reason)" }
                    text += line + "\n"
                }
                Standard.output(entries.isEmpty ? "(the log is empty)\n" : text)
            }
        }
    }
}
