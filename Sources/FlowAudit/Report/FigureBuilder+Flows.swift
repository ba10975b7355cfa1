import FlowConformance

extension FigureBuilder {
    /// Variants and time per state of every flow version with a session or a visit in the
    /// tally, by flow and version. The same figures as `audit measure` (`MeasureFigures`'
    /// `variants` and `stateTimes`) over the same sessions.
    func flowFigures() -> [FlowFigures] {
        let catalog = report.catalog
        let tally = report.tally
        var flows: [FlowFigures] = []
        for program in 0..<Int32(catalog.count) {
            let net = catalog.net(program)
            let sessions = tally.variants.sessions(of: program)
            let all = sessions > 0 ? tally.variants.variants(of: program) : []
            var variants: [VariantFigures] = []
            var cumulative = 0
            for (index, variant) in all.prefix(report.variantLimit).enumerated() {
                cumulative += variant.count
                variants.append(VariantFigures(
                    rank: index + 1,
                    states: variant.states.map { $0 >= 0 && Int($0) < net.stateNames.count ? net.stateNames[Int($0)] : "✗" },
                    path: variant.text(catalog: catalog), count: variant.count,
                    share: Double(variant.count) / Double(sessions), cumulativeShare: Double(cumulative) / Double(sessions)))
            }
            let rest = all.dropFirst(report.variantLimit)
            let restCount = rest.reduce(0) { $0 + $1.count }
            let other = rest.isEmpty
                ? nil : OtherVariantFigures(variants: rest.count, count: restCount, share: Double(restCount) / Double(sessions))
            var states: [StateTimeFigures] = []
            for state in 0..<Int32(net.stateCount) {
                guard let summary = tally.stateTimes.summary(program: program, state: state) else { continue }
                let sla = net.stateSLA[Int(state)]
                states.append(StateTimeFigures(
                    state: net.stateNames[Int(state)], visits: summary.visits, median: Double(summary.median) / 1000,
                    p90: Double(summary.p90) / 1000, sla: sla >= 0 ? Double(sla) / 1000 : nil,
                    overSLA: sla >= 0 && Int64(summary.p90) > sla))
            }
            guard sessions > 0 || !states.isEmpty else { continue }
            flows.append(FlowFigures(
                flow: net.flow, version: net.version, sessions: sessions, variants: variants, otherVariants: other,
                states: states))
        }
        return flows.sorted { ($0.flow, $0.version) < ($1.flow, $1.version) }
    }
}
