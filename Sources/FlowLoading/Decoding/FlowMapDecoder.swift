import FlowExpression
import Foundation
import FlowModel

/// Turns `flowmap.yaml` into a `FlowMap`, reporting every problem on the way.
struct FlowMapDecoder {
    let context: DecodeContext

    static let topLevelKeys = [
        "name", "benchmark", "time-zone", "channels", "brands", "environments", "businesses", "organisation", "operations", "matrix",
    ]

    func decode(_ root: YAMLNode) -> FlowMap? {
        guard root.kind == .mapping else {
            context.report(.documentShape, "the flow map must be a mapping, found \(root.kindDescription)", at: root)
            return nil
        }
        var reader = MappingReader(root, "the flow map", context)
        var map = FlowMap(file: context.file)
        map.name = reader.take("name").flatMap { context.localizedText($0, "name") } ?? LocalizedText()
        map.defaultBenchmark = reader.take("benchmark").flatMap { context.number($0, "benchmark", range: 0...1) }
        map.timeZone = reader.take("time-zone").flatMap { timeZone($0) }
        map.channels = reader.require("channels").map(channels) ?? []
        map.brands = reader.take("brands").map(brands) ?? []
        map.environments = reader.take("environments").map(environments) ?? []
        map.businesses = reader.require("businesses").map(businesses) ?? []
        map.organisation = reader.take("organisation").map(organisation) ?? Organisation()
        map.operations = reader.take("operations").map(operations) ?? []
        map.cells = reader.require("matrix").map(matrix) ?? []
        reader.finish(allowed: Self.topLevelKeys)
        return map
    }

    /// An IANA time-zone name this machine knows (`Asia/Shanghai`).
    private func timeZone(_ node: YAMLNode) -> String? {
        guard let name = context.text(node, "time-zone") else { return nil }
        guard TimeZone(identifier: name) != nil, name.contains("/") || name == "UTC" else {
            context.report(
                .invalidValue, "time-zone '\(name)' is not an IANA time-zone name such as Asia/Shanghai or UTC", at: node)
            return nil
        }
        return name
    }

    private func channels(_ node: YAMLNode) -> [Channel] {
        context.namedEntries(node, "channels").compactMap { id, key, value in
            let what = "channel '\(id)'"
            guard context.mapping(value, what) != nil else { return nil }
            var reader = MappingReader(value, what, context)
            let code = reader.require("code").flatMap { context.identifier($0, "\(what) code", style: .code) }
            let name = reader.require("name").flatMap { context.localizedText($0, "\(what) name") }
            let capabilities = reader.require("capabilities").flatMap { context.sequence($0, "\(what) capabilities") }?
                .compactMap { context.choice($0, "\(what) capability", as: Capability.self) } ?? []
            let mode = reader.take("mode").flatMap { context.choice($0, "\(what) mode", as: InteractionMode.self) }
            let segments = reader.take("max-sms-segments").flatMap {
                context.integer($0, "\(what) max-sms-segments", range: 1...10)
            }
            reader.finish(allowed: ["code", "name", "capabilities", "mode", "max-sms-segments"])
            guard let code, let name else { return nil }
            return Channel(
                id: id, code: code, name: name, capabilities: Set(capabilities), mode: mode ?? .automated,
                smsMaxSegments: segments, location: context.location(key))
        }
    }

    private func brands(_ node: YAMLNode) -> [Brand] {
        context.namedEntries(node, "brands").compactMap { id, key, value in
            let what = "brand '\(id)'"
            guard context.mapping(value, what) != nil else { return nil }
            var reader = MappingReader(value, what, context)
            let code = reader.require("code").flatMap { context.identifier($0, "\(what) code", style: .code) }
            let name = reader.require("name").flatMap { context.localizedText($0, "\(what) name") }
            reader.finish(allowed: ["code", "name"])
            guard let code, let name else { return nil }
            return Brand(id: id, code: code, name: name, location: context.location(key))
        }
    }

    private func environments(_ node: YAMLNode) -> [CustomerEnvironment] {
        context.namedEntries(node, "environments").compactMap { id, key, value in
            let what = "environment '\(id)'"
            guard context.mapping(value, what) != nil else { return nil }
            var reader = MappingReader(value, what, context)
            let name = reader.require("name").flatMap { context.localizedText($0, "\(what) name") }
            reader.finish(allowed: ["name"])
            guard let name else { return nil }
            return CustomerEnvironment(id: id, name: name, location: context.location(key))
        }
    }

    private func businesses(_ node: YAMLNode) -> [Business] {
        context.namedEntries(node, "businesses").compactMap { id, key, value in
            let what = "business '\(id)'"
            guard context.mapping(value, what) != nil else { return nil }
            var reader = MappingReader(value, what, context)
            let code = reader.require("code").flatMap { context.identifier($0, "\(what) code", style: .code) }
            let name = reader.require("name").flatMap { context.localizedText($0, "\(what) name") }
            let category = reader.require("category").flatMap { context.choice($0, "\(what) category", as: FlowCategory.self) }
            reader.finish(allowed: ["code", "name", "category"])
            guard let code, let name, let category else { return nil }
            return Business(id: id, code: code, name: name, category: category, location: context.location(key))
        }
    }

    private func organisation(_ node: YAMLNode) -> Organisation {
        guard context.mapping(node, "organisation") != nil else { return Organisation() }
        var reader = MappingReader(node, "organisation", context)
        var organisation = Organisation()
        organisation.units = reader.take("units").map { node in
            context.namedEntries(node, "organisation units").compactMap { id, key, value in
                let what = "org unit '\(id)'"
                guard context.mapping(value, what) != nil else { return nil }
                var reader = MappingReader(value, what, context)
                let name = reader.require("name").flatMap { context.localizedText($0, "\(what) name") }
                let parent = reader.take("parent").flatMap { context.nameRef($0, "\(what) parent") }
                reader.finish(allowed: ["name", "parent"])
                return name.map { Organisation.Unit(id: id, name: $0, parent: parent, location: context.location(key)) }
            }
        } ?? []
        organisation.roles = reader.take("roles").map { node in
            context.namedEntries(node, "organisation roles").compactMap { id, key, value in
                let what = "role '\(id)'"
                guard context.mapping(value, what) != nil else { return nil }
                var reader = MappingReader(value, what, context)
                let name = reader.require("name").flatMap { context.localizedText($0, "\(what) name") }
                let includes = reader.take("includes").flatMap { context.sequence($0, "\(what) includes") }?
                    .compactMap { context.nameRef($0, "\(what) includes") } ?? []
                reader.finish(allowed: ["name", "includes"])
                return name.map { Organisation.Role(id: id, name: $0, includes: includes, location: context.location(key)) }
            }
        } ?? []
        organisation.skills = reader.take("skills").map { groups($0, "skill") } ?? []
        organisation.queues = reader.take("queues").map { groups($0, "queue") } ?? []
        reader.finish(allowed: ["units", "roles", "skills", "queues"])
        return organisation
    }

    private func groups(_ node: YAMLNode, _ kind: String) -> [Organisation.Group] {
        context.namedEntries(node, "organisation \(kind)s").compactMap { id, key, value in
            let what = "\(kind) '\(id)'"
            guard context.mapping(value, what) != nil else { return nil }
            var reader = MappingReader(value, what, context)
            let name = reader.require("name").flatMap { context.localizedText($0, "\(what) name") }
            let unit = reader.take("unit").flatMap { context.nameRef($0, "\(what) unit") }
            reader.finish(allowed: ["name", "unit"])
            return name.map { Organisation.Group(id: id, name: $0, unit: unit, location: context.location(key)) }
        }
    }

    private func operations(_ node: YAMLNode) -> [FlowModel.Operation] {
        context.namedEntries(node, "operations").compactMap { id, key, value in
            let what = "operation '\(id)'"
            guard context.mapping(value, what) != nil else { return nil }
            var reader = MappingReader(value, what, context)
            let description = reader.take("description").flatMap { context.text($0, "\(what) description") }
            let arguments = reader.take("args").map { fields($0, "\(what) args") } ?? []
            let results = reader.take("results").map { fields($0, "\(what) results") } ?? []
            let outcomes = reader.take("outcomes").map { context.nameList($0, "\(what) outcomes") } ?? []
            reader.finish(allowed: ["description", "args", "results", "outcomes"])
            return Operation(
                id: id, description: description, arguments: arguments, results: results,
                outcomes: outcomes.map { FlowEvent($0.name) }, location: context.location(key))
        }
    }

    /// `name: type` or `name: { type, required }` with scalar types.
    private func fields(_ node: YAMLNode, _ what: String) -> [FlowModel.Operation.Field] {
        let types: [String: ExpressionType] = ["string": .string, "int": .int, "decimal": .decimal, "bool": .bool]
        return context.namedEntries(node, what).compactMap { name, key, value in
            var typeNode = value
            var required = true
            if value.kind == .mapping {
                var reader = MappingReader(value, "\(what) \(name)", context)
                guard let node = reader.require("type") else { return nil }
                typeNode = node
                required = reader.take("required").flatMap { context.bool($0, "\(what) \(name) required") } ?? true
                reader.finish(allowed: ["type", "required"])
            }
            guard let typeName = context.choiceName(typeNode, "\(what) \(name) type", among: types.keys.sorted()) else {
                return nil
            }
            return Operation.Field(name: name, type: types[typeName]!, required: required, location: context.location(key))
        }
    }

    // MARK: The matrix

    private func matrix(_ node: YAMLNode) -> [MatrixCell] {
        context.namedEntries(node, "matrix").flatMap { business, businessKey, row -> [MatrixCell] in
            let businessRef = NameRef(name: business, location: context.location(businessKey))
            return context.namedEntries(row, "matrix row '\(business)'").compactMap { channel, channelKey, value in
                cell(business: businessRef, channel: NameRef(name: channel, location: context.location(channelKey)), value)
            }
        }
    }

    private func cell(business: NameRef, channel: NameRef, _ node: YAMLNode) -> MatrixCell? {
        let what = "cell (\(business.name), \(channel.name))"
        let location = context.location(node)
        if node.kind == .scalar {
            if node.isNull {
                return MatrixCell(business: business, channel: channel, assignment: .unassigned, location: location)
            }
            guard let flow = context.nameRef(node, "\(what) flow") else { return nil }
            return MatrixCell(business: business, channel: channel, assignment: .flow(flow), location: location)
        }
        guard context.mapping(node, what) != nil else { return nil }
        var reader = MappingReader(node, what, context)
        let assignment = self.assignment(&reader, what, node)
        let benchmark = reader.take("benchmark").flatMap { context.number($0, "\(what) benchmark", range: 0...1) }
        let variants = reader.take("variants").flatMap { context.sequence($0, "\(what) variants") }?
            .enumerated().compactMap { variant($0.element, "\(what) variant \($0.offset + 1)") } ?? []
        reader.finish(allowed: ["flow", "not-offered", "benchmark", "variants"])
        return MatrixCell(
            business: business, channel: channel, assignment: assignment, benchmark: benchmark, variants: variants,
            location: location)
    }

    private func variant(_ node: YAMLNode, _ what: String) -> CellVariant? {
        guard context.mapping(node, what) != nil else { return nil }
        var reader = MappingReader(node, what, context)
        let brand = reader.take("brand").flatMap { context.nameRef($0, "\(what) brand") }
        let environment = reader.take("environment").flatMap { context.nameRef($0, "\(what) environment") }
        let assignment = self.assignment(&reader, what, node)
        let benchmark = reader.take("benchmark").flatMap { context.number($0, "\(what) benchmark", range: 0...1) }
        reader.finish(allowed: ["brand", "environment", "flow", "not-offered", "benchmark"])
        if brand == nil, environment == nil {
            context.report(.missingKey, "\(what) refines nothing: give a brand, an environment or both", at: node)
        }
        return CellVariant(
            brand: brand, environment: environment, assignment: assignment, benchmark: benchmark,
            location: context.location(node))
    }

    /// `flow:` or `not-offered:` (a reason), never both.
    private func assignment(_ reader: inout MappingReader, _ what: String, _ node: YAMLNode) -> CellAssignment {
        let flowNode = reader.take("flow")
        let reasonNode = reader.take("not-offered")
        if let flowNode, let reasonNode {
            context.report(
                .unknownKey, "\(what) has both a flow and a not-offered reason; a cell is one or the other", at: reasonNode,
                notes: [.init("flow given here", at: context.location(flowNode))])
        }
        if let flowNode, let flow = context.nameRef(flowNode, "\(what) flow") { return .flow(flow) }
        if let reasonNode {
            if reasonNode.isNull {
                context.report(.blindSpot, "\(what) is not offered but gives no reason", at: reasonNode)
                return .unassigned
            }
            if let reason = context.nonEmptyText(reasonNode, "\(what) not-offered reason") { return .notOffered(reason: reason) }
        }
        return .unassigned
    }
}
