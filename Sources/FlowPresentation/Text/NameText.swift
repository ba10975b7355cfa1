import FlowModel

/// Names as reports print them: the id, then the declared name in both languages.
enum NameText {
    /// `bill-inquiry  话费查询 (Bill inquiry)`, or just the id when the name is unknown.
    static func named(_ id: String, _ name: LocalizedText?) -> String {
        guard let name, !name.description.isEmpty else { return id }
        return "\(id)  \(name.description)"
    }

    static func business(_ id: String, in map: FlowMap?) -> String { named(id, map?.business(id)?.name) }
    static func channel(_ id: String, in map: FlowMap?) -> String { named(id, map?.channel(id)?.name) }
    static func brand(_ id: String, in map: FlowMap?) -> String { named(id, map?.brand(id)?.name) }
    static func environment(_ id: String, in map: FlowMap?) -> String { named(id, map?.environment(id)?.name) }

    /// An org unit or role: `front-line  一线座席组 (Front-line agents)`.
    static func performer(_ id: String, in map: FlowMap?) -> String {
        let organisation = map?.organisation
        let name = organisation?.units.first { $0.id == id }?.name ?? organisation?.roles.first { $0.id == id }?.name
        return named(id, name)
    }

    /// `key     value` lines with the keys padded to one width.
    static func fields(_ pairs: [(String, String)], indent: String = "", width: Int? = nil) -> [String] {
        let width = width ?? ((pairs.map { DisplayWidth.of($0.0) }.max() ?? 0) + 2)
        return pairs.flatMap { key, value in
            // A value over several lines keeps its later lines under the first.
            let lines = value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return lines.enumerated().map { index, line in
                let head = index == 0 ? DisplayWidth.pad(key, to: width) : String(repeating: " ", count: width)
                var text = indent + head + line
                while text.last == " " { text.removeLast() }
                return text
            }
        }
    }
}
