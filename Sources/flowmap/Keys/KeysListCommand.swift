import ArgumentParser
import FlowAccess
import Foundation

/// `flowmap keys list`: the keys, never their secrets or hashes.
struct KeysListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the active keys (with --all, disabled ones too); no secret is ever shown.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @OptionGroup var storeOptions: KeyStoreOptions

    @Flag(name: .long, help: "Include disabled keys.")
    var all = false

    @Option(name: .long, help: "table or json.")
    var format = Format.table

    /// A key as listed.
    struct Listed: Encodable {
        var id: String
        var owner: String
        var role: String
        var channels: [String]
        var agent: String?
        var piiReader: Bool
        var status: String
        var createdAt: Date
        var createdBy: String
        var disabledAt: Date?
        var disabledBy: String?
        var disabledReason: String?
        var rotatedFrom: String?
    }

    func run() throws {
        try KeysFailure.reporting {
            let keys = try storeOptions.open(readOnly: true)
            let now = Date()
            let listed = try keys.keys(includeDisabled: all, at: now).map { key in
                Listed(
                    id: key.id, owner: key.owner, role: key.role.rawValue, channels: key.scope.channels, agent: key.scope.agent,
                    piiReader: key.scope.piiReader, status: key.status(at: now).rawValue, createdAt: key.createdAt,
                    createdBy: key.createdBy, disabledAt: key.disabledAt, disabledBy: key.disabledBy,
                    disabledReason: key.disabledReason, rotatedFrom: key.rotatedFrom)
            }
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                Standard.output(String(decoding: try encoder.encode(listed), as: UTF8.self) + "\n")
            case .table:
                Standard.output(table(listed))
            }
        }
    }

    func table(_ listed: [Listed]) -> String {
        var rows = [["id", "owner", "role", "scope", "status", "created", "by", "note"]]
        for key in listed {
            var scope: [String] = []
            if !key.channels.isEmpty { scope.append("channels=" + key.channels.joined(separator: ",")) }
            if let agent = key.agent { scope.append("agent=" + agent) }
            if key.piiReader { scope.append("pii-reader") }
            var note: [String] = []
            if let at = key.disabledAt {
                let end = key.status == "active" ? "works until" : "disabled since"
                note.append("\(end) \(at.keysText) by \(key.disabledBy ?? "?"): \(key.disabledReason ?? "")")
            }
            if let from = key.rotatedFrom { note.append("rotated from \(from)") }
            rows.append([
                key.id, key.owner, key.role, scope.isEmpty ? "-" : scope.joined(separator: " "), key.status,
                key.createdAt.keysText, key.createdBy, note.joined(separator: "; "),
            ])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, text in
                column == row.count - 1 ? text : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n" + (listed.isEmpty ? "(no keys)\n" : "")
    }
}
