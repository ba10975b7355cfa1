import FlowModel

/// Rules on the flow map: codes (FM605), names (FM607), blind spots (FM601), ambiguous
/// contact points (FM602), cells and their flows (FM603, FM606) and unused flows (FM604).
enum MapRules {
    static func check(_ map: FlowMap, context: RuleContext, into diagnostics: inout [Diagnostic]) {
        checkCodes(map, into: &diagnostics)
        checkOrganisation(map, into: &diagnostics)
        checkCells(map, context: context, into: &diagnostics)
        checkUnusedFlows(map, context: context, into: &diagnostics)
    }

    // MARK: Codes

    private static func checkCodes(_ map: FlowMap, into diagnostics: inout [Diagnostic]) {
        let before = diagnostics.count
        func unique(_ items: [(id: String, code: String, location: SourceLocation)], _ kind: String) {
            var seen: [String: (id: String, location: SourceLocation)] = [:]
            for item in items {
                let code = item.code.uppercased()
                if let first = seen[code] {
                    diagnostics.append(Diagnostic(
                        .duplicateCode, "\(kind) '\(item.id)' has code '\(item.code)', already used by \(kind) '\(first.id)'",
                        at: item.location, notes: [.init("\(kind) '\(first.id)' declared here", at: first.location)]))
                } else {
                    seen[code] = (item.id, item.location)
                }
            }
        }
        unique(map.channels.map { ($0.id, $0.code, $0.location) }, "channel")
        unique(map.brands.map { ($0.id, $0.code, $0.location) }, "brand")
        unique(map.businesses.map { ($0.id, $0.code, $0.location) }, "business")

        // Concatenated codes must read back one way: `V` + `G1` + `01` and `VG` + `1` + `01` would not.
        // (Repeated codes of one kind are reported above and would only repeat here.)
        guard diagnostics.count == before else { return }
        var byCode: [String: ContactPoint] = [:]
        for point in map.contactPoints {
            let code = point.code.uppercased()
            if let first = byCode[code], first != point {
                let location = map.business(point.business)?.location ?? SourceLocation.start(of: map.file)
                diagnostics.append(Diagnostic(
                    .duplicateCode,
                    "contact points \(describe(first)) and \(describe(point)) both print as code '\(point.code)'; give channels, brands and businesses codes of one length each",
                    at: location))
            } else {
                byCode[code] = point
            }
        }
    }

    private static func describe(_ point: ContactPoint) -> String {
        "(" + [point.business, point.channel, point.brand].filter { !$0.isEmpty }.joined(separator: ", ") + ")"
    }

    // MARK: Names

    private static func checkOrganisation(_ map: FlowMap, into diagnostics: inout [Diagnostic]) {
        let units = map.organisation.units.map(\.id)
        for unit in map.organisation.units {
            if let parent = unit.parent { unknown(parent, "parent org unit", among: units, into: &diagnostics) }
        }
        for group in map.organisation.skills + map.organisation.queues {
            if let unit = group.unit { unknown(unit, "org unit", among: units, into: &diagnostics) }
        }
        let roles = map.organisation.roles.map(\.id)
        for role in map.organisation.roles {
            for included in role.includes { unknown(included, "role", among: roles, into: &diagnostics) }
        }
        let clashes = Set(map.organisation.roles.map(\.id)).intersection(units)
        for name in clashes.sorted() {
            guard let role = map.organisation.roles.first(where: { $0.id == name }) else { continue }
            diagnostics.append(Diagnostic(
                .duplicateCode, "'\(name)' is both a role and an org unit; a performer must name one thing",
                at: role.location))
        }
    }

    private static func unknown(_ ref: NameRef, _ kind: String, among names: [String], into diagnostics: inout [Diagnostic]) {
        guard !names.contains(ref.name) else { return }
        diagnostics.append(Diagnostic(
            .unknownReference,
            "\(kind) '\(ref.name)' is not declared in the flow map\(DidYouMean.clause(for: ref.name, among: names))",
            at: ref.location))
    }

    // MARK: Cells

    private static func checkCells(_ map: FlowMap, context: RuleContext, into diagnostics: inout [Diagnostic]) {
        let businesses = map.businesses.map(\.id)
        let channels = map.channels.map(\.id)
        var present: Set<[String]> = []
        for cell in map.cells {
            unknown(cell.business, "business", among: businesses, into: &diagnostics)
            unknown(cell.channel, "channel", among: channels, into: &diagnostics)
            present.insert([cell.business.name, cell.channel.name])
            for variant in cell.variants {
                if let brand = variant.brand { unknown(brand, "brand", among: map.brands.map(\.id), into: &diagnostics) }
                if let environment = variant.environment {
                    unknown(environment, "environment", among: map.environments.map(\.id), into: &diagnostics)
                }
            }
            checkFlows(cell, map: map, context: context, into: &diagnostics)
            checkCoverage(cell, map: map, into: &diagnostics)
        }
        for business in map.businesses {
            for channel in map.channels where !present.contains([business.id, channel.id]) {
                diagnostics.append(Diagnostic(
                    .blindSpot,
                    "the flow map has no cell for (\(business.id), \(channel.id)); name its flow or say why it is not offered (a management blind spot)",
                    at: business.location))
            }
        }
    }

    /// FM606 and FM603: each flow a cell names exists and agrees with the cell.
    private static func checkFlows(_ cell: MatrixCell, map: FlowMap, context: RuleContext, into diagnostics: inout [Diagnostic]) {
        for ref in cell.flowNames {
            guard let flow = context.flowsByID[ref.name] else {
                diagnostics.append(Diagnostic(
                    .unknownFlow,
                    "cell (\(cell.business.name), \(cell.channel.name)) names flow '\(ref.name)', which no file declares\(DidYouMean.clause(for: ref.name, among: context.flowsByID.keys.sorted()))",
                    at: ref.location))
                continue
            }
            var disagreements: [String] = []
            if flow.business.name != cell.business.name { disagreements.append("business '\(flow.business.name)'") }
            if flow.channel.name != cell.channel.name { disagreements.append("channel '\(flow.channel.name)'") }
            guard !disagreements.isEmpty else { continue }
            diagnostics.append(Diagnostic(
                .cellMismatch,
                "cell (\(cell.business.name), \(cell.channel.name)) uses flow '\(flow.id)', which declares \(disagreements.joined(separator: " and "))",
                at: ref.location, notes: [.init("flow '\(flow.id)' declared here", at: flow.location)]))
        }
    }

    /// FM601 and FM602: every brand and environment of the cell resolves to exactly one answer.
    private static func checkCoverage(_ cell: MatrixCell, map: FlowMap, into diagnostics: inout [Diagnostic]) {
        var seenVariants: [String: CellVariant] = [:]
        for variant in cell.variants {
            let key = "\(variant.brand?.name ?? "*")/\(variant.environment?.name ?? "*")"
            if let first = seenVariants[key] {
                diagnostics.append(Diagnostic(
                    .ambiguousContactPoint,
                    "cell (\(cell.business.name), \(cell.channel.name)) refines brand \(variant.brand?.name ?? "any") and environment \(variant.environment?.name ?? "any") twice",
                    at: variant.location, notes: [.init("first refinement", at: first.location)]))
            } else {
                seenVariants[key] = variant
            }
            if case .unassigned = variant.assignment {
                diagnostics.append(Diagnostic(
                    .blindSpot,
                    "a variant of cell (\(cell.business.name), \(cell.channel.name)) names neither a flow nor a not-offered reason",
                    at: variant.location))
            }
        }
        let brands = map.brands.isEmpty ? [""] : map.brands.map(\.id)
        let environments = map.environments.isEmpty ? [""] : map.environments.map(\.id)
        var blind: [String] = []
        var ambiguous: [String] = []
        for brand in brands {
            for environment in environments {
                let label = [brand, environment].filter { !$0.isEmpty }.joined(separator: "/")
                switch map.resolve(business: cell.business.name, channel: cell.channel.name, brand: brand, environment: environment) {
                case .unassigned: blind.append(label.isEmpty ? "every customer" : label)
                case .ambiguous(let flows): ambiguous.append("\(label) (\(flows.joined(separator: " or ")))")
                default: break
                }
            }
        }
        if !blind.isEmpty, cell.variants.allSatisfy({ $0.assignment != .unassigned }) {
            let whom = cell.variants.isEmpty ? "" : " for \(blind.joined(separator: ", "))"
            diagnostics.append(Diagnostic(
                .blindSpot,
                "cell (\(cell.business.name), \(cell.channel.name)) has neither a flow nor a not-offered reason\(whom) (a management blind spot)",
                at: cell.location))
        }
        if !ambiguous.isEmpty {
            diagnostics.append(Diagnostic(
                .ambiguousContactPoint,
                "cell (\(cell.business.name), \(cell.channel.name)) resolves to two answers for \(ambiguous.joined(separator: ", ")); add a variant naming both brand and environment to decide",
                at: cell.location))
        }
    }

    /// FM604: flows no cell names and no subflow state calls.
    private static func checkUnusedFlows(_ map: FlowMap, context: RuleContext, into diagnostics: inout [Diagnostic]) {
        var used = Set(map.cells.flatMap(\.flowNames).map(\.name))
        for flow in context.flows {
            for state in flow.states {
                if case .subflow(let call) = state.kind { used.insert(call.flow) }
            }
        }
        for flow in context.flows where !used.contains(flow.id) {
            diagnostics.append(Diagnostic(
                .unusedFlow, "flow '\(flow.id)' is used by no matrix cell and called by no subflow state",
                at: flow.location))
        }
    }
}
